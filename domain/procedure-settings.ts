// What a deployment chooses of the procedure; everything else (the review terms of each kind of
// body, the extension, the redirection's days) the law fixes and domain/ states.

/**
 * The appeal window from the delivery of the answer (R9, R13): the law's term in calendar months,
 * or, for demonstrations and tests, a short window in days. Each new complaint carries it in its
 * workflow input (domain/case.ts `FileComplaintInput`), so a change applies to complaints filed
 * after it and never to a case already open.
 */
export interface ProcedureSettings {
  /** Days a complainant has to escalate or go to court; used only when no months are given. */
  appealWindowDays: number;
  /** Calendar months: the law's term; wins over days. */
  appealWindowMonths?: number;
}
