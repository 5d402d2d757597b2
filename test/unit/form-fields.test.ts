import type { NextFunction, Request, Response } from 'express';
import { formFields, jsonBodyOf, reachesPrototype, typedFields } from '../../api/pages/form-fields';

afterEach(() => {
  delete (Object.prototype as Record<string, unknown>).x;
});

describe("a page form's fields", () => {
  it.each(['__proto__', '__proto__.x', 'constructor.prototype', 'a.prototype', 'recipient.constructor'])(
    '%s reaches a prototype and is refused as 400 forbidden_field_name',
    (name) => {
      expect(reachesPrototype(name)).toBe(true);
      const req = { body: { _csrf: 't', [name]: '1' } } as unknown as Request;
      const next = jest.fn() as NextFunction;
      expect(() => formFields(req, {} as Response, next)).toThrow(
        expect.objectContaining({ status: 400, code: 'forbidden_field_name' }),
      );
      expect(next).not.toHaveBeenCalled();
      expect(() => jsonBodyOf({ [name]: '1' })).toThrow(expect.objectContaining({ code: 'forbidden_field_name' }));
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    },
  );

  it('are kept in an object without a prototype, names like toString included', () => {
    const req = { body: { _csrf: 't', toString: 'x', 'recipient.role': 'head' } } as unknown as Request;
    const next = jest.fn() as NextFunction;
    formFields(req, {} as Response, next);
    expect(next).toHaveBeenCalledWith();
    expect(Object.getPrototypeOf(req.body)).toBeNull();
    expect({ ...req.body }).toEqual({ _csrf: 't', toString: 'x', 'recipient.role': 'head' });
  });

  it('become the JSON body the API takes, without prototypes at any level', () => {
    const body = jsonBodyOf({
      _csrf: 't',
      workingDays: '5',
      empty: '',
      'recipient.role': 'head',
      'recipient.name': 'A',
    });
    expect(JSON.parse(JSON.stringify(body))).toEqual({ workingDays: 5, recipient: { role: 'head', name: 'A' } });
    expect(Object.getPrototypeOf(body)).toBeNull();
    expect(Object.getPrototypeOf(body.recipient)).toBeNull();
    expect(JSON.parse(JSON.stringify(typedFields({ _csrf: 't', reason: 'r', n: 1 as never })))).toEqual({
      reason: 'r',
    });
  });
});
