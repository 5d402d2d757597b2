// How each refusal of the case rules (domain/case-rules.ts) is answered: its HTTP status, its
// stable code, the request field it is about, and what it means (the contract's words). The JSON
// API and the pages answer from this one map; the pages say the code in the reader's language.
import type { RefusalKind } from './case-rules';

export interface RefusalAnswer {
  status: 409 | 422;
  code: string;
  /** The request field the refusal is about, as an error detail's path. */
  field?: string;
  /** When it is answered, for the contract. */
  meaning: string;
}

export const REFUSAL_ANSWERS: Record<RefusalKind, RefusalAnswer> = {
  TransitionNotAllowed: {
    status: 409,
    code: 'transition_not_allowed',
    meaning: "not allowed now: the workflow validator's reason",
  },
  StageChanged: {
    status: 409,
    code: 'stage_changed',
    meaning: 'the case moved to another review stage since the caller saw it',
  },
  UnstorableValue: {
    status: 422,
    code: 'unstorable_value',
    meaning: 'a text the register cannot store (control or invisible characters)',
  },
  SignatoryMismatch: {
    status: 422,
    code: 'signatory_mismatch',
    field: 'body.decidedBy',
    meaning: 'decidedBy names someone other than the person the key was issued to',
  },
  RedirectionTooLate: {
    status: 409,
    code: 'redirection_too_late',
    meaning: 'more than 3 working days after receipt (R1)',
  },
  RedirectionTargetInvalid: {
    status: 422,
    code: 'invalid_redirection_target',
    field: 'body.toBodyId',
    meaning: 'an unknown body, the same body, or a quality-control body (R1, R9)',
  },
  ForwardInsteadOfRefusing: {
    status: 409,
    code: 'forward_to_competent_body',
    meaning:
      'a refusal on the ground `outside_competence` while the complaint can still be forwarded to the competent body (R1, within 3 working days of receipt)',
  },
  AppealSignature: {
    status: 422,
    code: 'validation_failed',
    field: 'body.signature.method',
    meaning: 'the appeal is not signed as its channel requires (R2, R6, R7)',
  },
  IdempotencyKeyReused: {
    status: 409,
    code: 'idempotency_key_reused',
    field: 'headers.idempotency-key',
    meaning: 'the Idempotency-Key was sent before with another complaint',
  },
};
