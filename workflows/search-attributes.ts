import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Let auditors filter complaints in the Temporal UI and `temporal workflow list --query`.
export const CaseStatus = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const ReviewingBody = defineSearchAttributeKey('ReviewingBody', SearchAttributeType.KEYWORD);
export const ReviewDeadline = defineSearchAttributeKey('ReviewDeadline', SearchAttributeType.DATETIME);
export const Overdue = defineSearchAttributeKey('Overdue', SearchAttributeType.BOOL);
export const Channel = defineSearchAttributeKey('Channel', SearchAttributeType.KEYWORD);

export const complaintSearchAttributes = [CaseStatus, ReviewingBody, ReviewDeadline, Overdue, Channel];
