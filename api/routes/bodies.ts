import { bodiesEscalatingTo, bodyIdWithCode, findBody, listBodies, saveBody } from '../../db/bodies';
import type { Role } from '../../db/api-keys';
import type { Db } from '../../db/database';
import type { Body as BodyRow } from '../../db/schema';
import { canBodyExtend, reviewTermDaysOf } from '../../domain/complaint';
import type { ApiHandlers } from '../contract';
import { Answer } from '../contract/route';
import { ApiError } from '../errors';

/** Who sees a head's e-mail and phone (where overdue alerts go, R1): not the intake systems nor the portal. */
const SEES_HEAD_CONTACTS: readonly Role[] = ['official', 'auditor', 'admin'];

export function bodyView(b: BodyRow, withHeadContacts: boolean) {
  return {
    id: b.id,
    code: b.code,
    kind: b.kind,
    nameKk: b.name_kk,
    nameRu: b.name_ru,
    postalAddress: b.postal_address,
    head: {
      position: b.head_position,
      surname: b.head_surname,
      initials: b.head_initials,
      ...(withHeadContacts ? { email: b.head_email, phone: b.head_phone } : {}),
    },
    escalatesTo: b.escalates_to,
    reviewTermDays: b.review_term_days,
    canExtend: b.can_extend,
  };
}

const UNIQUE_VIOLATION = '23505';

/** Bodies: anyone may read them; the admin registers or updates one (by id). */
export function bodyHandlers(db: Db): ApiHandlers<'listBodies' | 'getBody' | 'saveBody'> {
  return {
    listBodies: async ({ principal }) => {
      const contacts = SEES_HEAD_CONTACTS.includes(principal.role);
      return { items: (await listBodies(db)).map((b) => bodyView(b, contacts)) };
    },

    getBody: async ({ params: { id }, principal }) => {
      const body = await findBody(db, id);
      if (!body) throw new ApiError(404, 'body_not_found', `no body ${id}`);
      return bodyView(body, SEES_HEAD_CONTACTS.includes(principal.role));
    },

    saveBody: async ({ body }) => {
      if (body.escalatesTo !== undefined) {
        const target = await findBody(db, body.escalatesTo);
        // R9: the appeal goes to the authorised quality-control body.
        if (!target || target.kind !== 'quality_control_body') {
          throw new ApiError(422, 'validation_failed', 'escalatesTo must name a registered quality-control body', [
            {
              path: 'body.escalatesTo',
              message: target ? `${target.id} is a ${target.kind}` : `no body ${body.escalatesTo}`,
            },
          ]);
        }
      }
      if (body.kind !== 'quality_control_body') {
        const dependants = await bodiesEscalatingTo(db, body.id);
        if (dependants.length > 0) {
          throw new ApiError(
            409,
            'body_in_use',
            `${body.id} is the quality-control body of other bodies and must stay one`,
            [{ path: 'body.kind', message: `escalated to by ${dependants.join(', ')}` }],
          );
        }
      }
      const codeTaken = () =>
        new ApiError(409, 'body_code_taken', `the code ${body.code} is used by another body`, [
          { path: 'body.code', message: 'codes start incoming numbers and must be unique' },
        ]);
      const holder = await bodyIdWithCode(db, body.code);
      if (holder !== undefined && holder !== body.id) throw codeTaken();
      const existed = !!(await findBody(db, body.id));
      try {
        await saveBody(db, {
          id: body.id,
          code: body.code,
          kind: body.kind,
          name_kk: body.nameKk,
          name_ru: body.nameRu,
          postal_address: body.postalAddress,
          head_position: body.head.position,
          head_surname: body.head.surname,
          head_initials: body.head.initials,
          head_email: body.head.email,
          head_phone: body.head.phone,
          escalates_to: body.escalatesTo ?? null,
          review_term_days: reviewTermDaysOf(body),
          can_extend: canBodyExtend(body),
        });
      } catch (err) {
        if ((err as { code?: string }).code === UNIQUE_VIOLATION) throw codeTaken(); // taken meanwhile
        throw err;
      }
      const saved = await findBody(db, body.id);
      return new Answer(existed ? 200 : 201, bodyView(saved!, true), { location: `/v1/bodies/${body.id}` });
    },
  };
}
