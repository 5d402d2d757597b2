import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Let auditors filter complaints in the Temporal UI and `temporal workflow list --query` (README
// "For auditors"). No personal data: numbers, bodies, dates, flags. The dev server
// (platform/dev-server.ts) and every cluster (platform/search-attribute-setup.ts) register exactly this list.
export const CaseStatus = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const ReviewingBody = defineSearchAttributeKey('ReviewingBody', SearchAttributeType.KEYWORD);
export const ReviewDeadline = defineSearchAttributeKey('ReviewDeadline', SearchAttributeType.DATETIME);
export const Overdue = defineSearchAttributeKey('Overdue', SearchAttributeType.BOOL);
export const Channel = defineSearchAttributeKey('Channel', SearchAttributeType.KEYWORD);
/** Every stage's incoming number (R3): the case is found by any of them. */
export const IncomingNumber = defineSearchAttributeKey('IncomingNumber', SearchAttributeType.KEYWORD_LIST);

export const complaintSearchAttributes = [CaseStatus, ReviewingBody, ReviewDeadline, Overdue, Channel, IncomingNumber];
