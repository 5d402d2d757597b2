import type { Actor } from '../../domain/actor';
import type { CaseState, ReviewStage } from '../../domain/case';
import {
  allowedActions,
  answerDeliveredAt,
  appealPossible,
  decisionRecord,
  forwardInsteadOfRefusing,
  redirectionTargetProblem,
  mayAssign,
  mayDecide,
  mayEscalate,
  mayExtend,
  mayHandOverAnswer,
  mayRedirect,
  mayReferToCourt,
  mayWithdraw,
  stageChanged,
  unstorableText,
} from '../../domain/case-rules';

// The case rules on their own: state and time in, refusal or record out (no server).

const NOW = Date.parse('2026-12-01T06:00:00Z');
const official: Actor = {
  keyId: 'key-1',
  role: 'official',
  person: { surname: 'Досаев', initials: 'Е.А.', position: 'head of office' },
};

function stage(over: Partial<ReviewStage> = {}): ReviewStage {
  return {
    complaintId: 'c-1',
    stage: 1,
    bodyId: 'akimat-almaty',
    incomingNumber: 'AKM-2026-000001',
    registeredOn: '2026-11-27',
    receivedBy: null,
    deadline: '2026-12-04T18:59:59Z',
    answerPlace: 'personal cabinet',
    filingPlace: 'portal',
    bodyKind: 'local_executive_body',
    canExtend: true,
    escalatesTo: 'qcb-almaty',
    reviewTermDays: 5,
    extendedDays: 0,
    extensions: [],
    overdue: false,
    ...over,
  };
}

function kase(over: Partial<CaseState> = {}, stageOver: Partial<ReviewStage> = {}): CaseState {
  return {
    complaintId: 'c-1',
    status: 'under_review',
    channel: 'portal',
    form: 'electronic',
    stages: [stage(stageOver)],
    ...over,
  };
}

const on = { stage: 1, bodyId: 'akimat-almaty', actor: official };
const decided = {
  decision: { outcome: 'satisfied', reasoning: 'reasoned answer', decidedAt: '2026-12-02T05:00:00Z' },
} as const;

describe('stage changed', () => {
  it('allows an action on the current stage and body', () => {
    expect(stageChanged(kase(), on)).toBeUndefined();
  });
  it('refuses an action for another stage or body, or one naming none', () => {
    expect(stageChanged(kase(), { ...on, stage: 2 })?.kind).toBe('StageChanged');
    expect(stageChanged(kase(), { ...on, bodyId: 'other' })?.message).toMatch(/is at review stage 1 at akimat-almaty/);
    expect(stageChanged(kase(), undefined)?.message).toBe('the action names no review stage');
  });
  it('refuses while an escalation is being registered', () => {
    const c = kase({ status: 'decided' }, { ...decided, escalation: { at: '2026-12-02T06:00:00Z' } });
    expect(stageChanged(c, on)?.message).toMatch(/being escalated/);
  });
});

describe('assign (R4 execution)', () => {
  it('is allowed under review and refused once decided', () => {
    expect(mayAssign(kase(), on)).toBeUndefined();
    expect(mayAssign(kase({ status: 'decided' }), on)?.message).toBe('a complaint that is decided cannot be assigned');
  });
});

describe('extend (R11)', () => {
  it('allows up to 10 working days in all before the term ends', () => {
    expect(mayExtend(kase(), on, NOW, 10)).toBeUndefined();
    expect(mayExtend(kase({}, { extendedDays: 7 }), on, NOW, 3)).toBeUndefined();
  });
  it('refuses more than 10 working days in all', () => {
    expect(mayExtend(kase({}, { extendedDays: 7 }), on, NOW, 4)?.message).toMatch(/at most 10 working days; 7 already/);
    expect(mayExtend(kase(), on, NOW, 11)?.kind).toBe('TransitionNotAllowed');
  });
  it('refuses days that are not a whole positive number', () => {
    for (const days of [0, -1, 1.5]) expect(mayExtend(kase(), on, NOW, days)?.message).toMatch(/whole number/);
  });
  it('refuses at a body that may not extend', () => {
    const c = kase({}, { canExtend: false, bodyKind: 'service_provider', bodyId: 'p' });
    expect(mayExtend(c, { ...on, bodyId: 'p' }, NOW, 1)?.message).toMatch(/may not extend the review term/);
  });
  it('refuses once the term has ended', () => {
    expect(mayExtend(kase(), on, Date.parse('2026-12-04T19:00:00Z'), 1)?.message).toBe(
      'the review term has already ended',
    );
  });
  it('refuses a decided case and a stage that moved on', () => {
    expect(mayExtend(kase({ status: 'decided' }), on, NOW, 1)?.message).toMatch(/decided cannot be extended/);
    expect(mayExtend(kase(), { ...on, stage: 2 }, NOW, 1)?.kind).toBe('StageChanged');
  });
});

describe('decide (R8, R10, signatory)', () => {
  it('allows the key person to sign, in any spacing or case', () => {
    expect(mayDecide(kase(), on, 'досаев  е.а.')).toBeUndefined();
    expect(mayDecide(kase(), on)).toBeUndefined();
  });
  it('refuses a decision signed in another name', () => {
    expect(mayDecide(kase(), on, 'Ахметова А.Б.')).toEqual({
      kind: 'SignatoryMismatch',
      message: 'the decision is signed by the official whose key is used (Досаев Е.А.), not by another person',
    });
  });
  it('refuses a second decision', () => {
    expect(mayDecide(kase({ status: 'decided' }), on)?.message).toBe('a complaint that is decided cannot be decided');
  });
  it('records the key person as the signatory', () => {
    const record = decisionRecord({ outcome: 'satisfied', reasoning: 'reasoned answer' }, on, '2026-12-02T05:00:00Z');
    expect(record).toMatchObject({ decidedBy: 'Досаев Е.А.', signedBy: official, decidedAt: '2026-12-02T05:00:00Z' });
  });
});

describe('appeal: escalate (R9) and court (R13)', () => {
  it('is possible after a decision or once the term passed, not while the answer is recorded', () => {
    expect(appealPossible(kase())).toBe(false);
    expect(appealPossible(kase({}, { overdue: true }))).toBe(true);
    expect(appealPossible(kase({ status: 'decided' }, decided))).toBe(true);
    expect(appealPossible(kase({ status: 'decided' }, decided), { decisionBeingRecorded: true })).toBe(false);
    expect(appealPossible(kase({ status: 'closed' }, decided))).toBe(false);
  });
  it('escalates to the quality-control body above, and never from the top', () => {
    expect(mayEscalate(kase({ status: 'decided' }, decided), on)).toBeUndefined();
    expect(mayEscalate(kase(), on)?.message).toMatch(/after a decision or once the term has passed/);
    const top = kase({ status: 'decided' }, { ...decided, escalatesTo: null });
    expect(mayEscalate(top, on)?.message).toMatch(/next step is court/);
  });
  it('refuses a second escalation while the first is registered', () => {
    const c = kase({ status: 'decided' }, { ...decided, escalation: { at: '2026-12-02T06:00:00Z' } });
    expect(mayEscalate(c, on)?.message).toBe('an escalation is already being registered');
    expect(mayReferToCourt(c, on)?.message).toMatch(/court referral is possible/);
  });
  it('refers to court after the answer', () => {
    expect(mayReferToCourt(kase({ status: 'decided' }, decided), on)).toBeUndefined();
    expect(mayReferToCourt(kase(), on)).toBeDefined();
  });
});

describe('withdraw', () => {
  it('is allowed under review only', () => {
    expect(mayWithdraw(kase(), on)).toBeUndefined();
    expect(mayWithdraw(kase({ status: 'decided' }, decided), on)?.message).toMatch(/decided cannot be withdrawn/);
  });
});

describe('text the register cannot store', () => {
  it('names the field and the character, never the value', () => {
    expect(unstorableText({ officialName: 'A\u0000B' })).toEqual({
      kind: 'UnstorableValue',
      message: expect.stringMatching(/^body\.officialName contains U\+0000/),
    });
    expect(unstorableText({ officialName: 'Ахметова А.Б.' })).toBeUndefined();
  });
});

describe('delivery of the answer (R8)', () => {
  it('is the decision for an electronic answer, the last posting for a paper one', () => {
    const posted = new Map([
      ['a', '2026-12-03T05:00:00Z'],
      ['b', '2026-12-04T05:00:00Z'],
    ]);
    expect(answerDeliveredAt('electronic', stage(decided), posted)).toBe('2026-12-02T05:00:00Z');
    expect(answerDeliveredAt('paper', stage({ ...decided, answerLetters: ['a', 'b'] }), posted)).toBe(
      '2026-12-04T05:00:00Z',
    );
    expect(answerDeliveredAt('paper', stage({ ...decided, answerLetters: ['a', 'c'] }), posted)).toBeUndefined();
    expect(answerDeliveredAt('paper', stage(decided), posted)).toBeUndefined();
    expect(answerDeliveredAt('electronic', stage(), posted)).toBeUndefined();
  });
});

describe('hand-over of a paper answer at the office (R8)', () => {
  const LATER = Date.parse('2026-12-03T06:00:00Z');
  const paper = (over: Partial<ReviewStage> = decided) => kase({ status: 'decided', form: 'paper' }, over);
  const refusal = {
    outcome: 'refused_to_collect',
    at: '2026-12-02T05:00:00Z',
    recordedAt: '2026-12-02T05:00:00Z',
  } as const;
  it('is allowed once the paper answer is recorded, between the decision and now', () => {
    expect(mayHandOverAnswer(paper(), on, LATER)).toBeUndefined();
    expect(mayHandOverAnswer(paper(), on, LATER, '2026-12-03T00:00:00Z')).toBeUndefined();
  });
  it('refuses before the answer, for an electronic answer, and while the answer is recorded', () => {
    expect(mayHandOverAnswer(kase({ form: 'paper' }), on, LATER)?.message).toMatch(/under_review has no answer/);
    expect(mayHandOverAnswer(kase({ status: 'decided' }, decided), on, LATER)?.message).toMatch(/personal cabinet/);
    expect(mayHandOverAnswer(paper(), on, LATER, undefined, { decisionBeingRecorded: true })).toBeDefined();
  });
  it('refuses a time before the decision or in the future', () => {
    expect(mayHandOverAnswer(paper(), on, LATER, '2026-12-02T04:59:59Z')?.message).toMatch(/before the answer/);
    expect(mayHandOverAnswer(paper(), on, LATER, '2026-12-03T06:00:01Z')?.message).toMatch(/future/);
  });
  it('refuses once handed over or delivered by post', () => {
    expect(mayHandOverAnswer(paper({ ...decided, answerHandOver: refusal }), on, LATER)?.message).toMatch(
      /already recorded/,
    );
    const posted = { ...decided, answerDeliveredAt: '2026-12-03T05:00:00Z' };
    expect(mayHandOverAnswer(paper(posted), on, LATER)?.message).toMatch(/already delivered/);
  });
  it('makes the hand-over the delivery, before any letter is posted', () => {
    const s = stage({ ...decided, answerLetters: ['a'], answerHandOver: refusal });
    expect(answerDeliveredAt('paper', s, new Map())).toBe('2026-12-02T05:00:00Z');
  });
});

describe('redirection to the competent body (R1)', () => {
  const addressed = { redirectableUntil: '2026-12-03T19:00:00.000Z' };
  it('is allowed to the addressed body within 3 working days of receipt', () => {
    expect(mayRedirect(kase({}, addressed), on, NOW, 'mlsp')).toBeUndefined();
  });
  it('is refused after the 3 working days, with its own kind', () => {
    expect(mayRedirect(kase({}, addressed), on, Date.parse('2026-12-03T19:00:01Z'), 'mlsp')).toMatchObject({
      kind: 'RedirectionTooLate',
      message: expect.stringContaining('within 3 working days'),
    });
  });
  it('is refused to the same body, at a stage not addressed (a second time), and once decided', () => {
    expect(mayRedirect(kase({}, addressed), on, NOW, 'akimat-almaty')?.kind).toBe('RedirectionTargetInvalid');
    expect(mayRedirect(kase(), on, NOW, 'mlsp')?.message).toMatch(/only the body the complaint was addressed to/);
    expect(mayRedirect(kase({ status: 'decided' }, { ...addressed, ...decided }), on, NOW)?.message).toMatch(
      /decided cannot be redirected/,
    );
  });
  it('stops every action on the stage while the competent body registers it', () => {
    const forwarding = kase({}, { ...addressed, redirection: { toBodyId: 'mlsp', reason: 'r', at: 'x' } });
    expect(mayDecide(forwarding, on)).toMatchObject({
      kind: 'StageChanged',
      message: expect.stringMatching(/forwarded to mlsp/),
    });
    expect(allowedActions(forwarding, NOW)).toEqual([]);
  });
  it('forwards instead of refusing on outside_competence while the complaint can still be forwarded', () => {
    expect(forwardInsteadOfRefusing(kase({}, addressed), on, NOW, 'outside_competence')).toMatchObject({
      kind: 'ForwardInsteadOfRefusing',
      message: expect.stringContaining('forward it to the competent body'),
    });
    // Other grounds, and every answer on the merits, are the body's to give.
    expect(forwardInsteadOfRefusing(kase({}, addressed), on, NOW, 'no_essence_stated')).toBeUndefined();
    expect(forwardInsteadOfRefusing(kase({}, addressed), on, NOW, undefined)).toBeUndefined();
    // Once it can no longer be forwarded (the 3 days passed, or not the addressed body) it may be refused.
    expect(
      forwardInsteadOfRefusing(kase({}, addressed), on, Date.parse('2026-12-03T19:00:01Z'), 'outside_competence'),
    ).toBeUndefined();
    expect(forwardInsteadOfRefusing(kase(), on, NOW, 'outside_competence')).toBeUndefined();
  });
  it('refuses targets of no use: unknown, the same, a quality-control body', () => {
    expect(redirectionTargetProblem('con-almaty', undefined, 'x')?.message).toBe('no body x is registered');
    expect(
      redirectionTargetProblem('con-almaty', { id: 'con-almaty', kind: 'service_provider' }, 'con-almaty'),
    ).toBeDefined();
    expect(
      redirectionTargetProblem('con-almaty', { id: 'qcb-almaty', kind: 'quality_control_body' }, 'qcb-almaty'),
    ).toBeDefined();
    expect(redirectionTargetProblem('con-almaty', { id: 'mlsp', kind: 'central_state_body' }, 'mlsp')).toBeUndefined();
  });
  it('is offered by allowedActions only within the time', () => {
    expect(allowedActions(kase({}, addressed), NOW)).toContain('redirect');
    expect(allowedActions(kase({}, addressed), Date.parse('2026-12-04T00:00:00Z'))).not.toContain('redirect');
  });
});

describe('allowedActions', () => {
  it('offers the hand-over of a paper answer until it is delivered', () => {
    const paper = kase({ status: 'decided', form: 'paper' }, decided);
    expect(allowedActions(paper, NOW)).toEqual(['handOverAnswer', 'escalate', 'referToCourt']);
    const delivered = kase({ status: 'decided', form: 'paper' }, { ...decided, answerDeliveredAt: NOW.toString() });
    expect(allowedActions(delivered, NOW)).not.toContain('handOverAnswer');
  });
  it('offers assign, extend, decide and withdraw under review', () => {
    expect(allowedActions(kase(), NOW)).toEqual(['assign', 'extend', 'decide', 'withdraw']);
  });
  it('stops offering extend when the days are used or the term ended', () => {
    expect(allowedActions(kase({}, { extendedDays: 10 }), NOW)).not.toContain('extend');
    expect(allowedActions(kase(), new Date('2026-12-05T00:00:00Z'))).not.toContain('extend');
  });
  it('offers escalation and court after the answer, court only at the top', () => {
    expect(allowedActions(kase({ status: 'decided' }, decided), NOW)).toEqual(['escalate', 'referToCourt']);
    expect(allowedActions(kase({ status: 'decided' }, { ...decided, escalatesTo: null }), NOW)).toEqual([
      'referToCourt',
    ]);
  });
  it('offers appeal besides the answer once overdue, and no more extension', () => {
    const past = Date.parse('2026-12-05T00:00:00Z');
    expect(allowedActions(kase({}, { overdue: true }), past)).toEqual([
      'assign',
      'decide',
      'escalate',
      'referToCourt',
      'withdraw',
    ]);
  });
  it('offers nothing on a closed case or one not registered', () => {
    expect(allowedActions(kase({ status: 'closed' }, decided), NOW)).toEqual([]);
    expect(allowedActions(kase({ status: 'registering', stages: [] }), NOW)).toEqual([]);
  });
});
