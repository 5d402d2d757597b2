// The notices a case sends while it goes on: each is delivered in the background (a mail outage
// holds no official up), letters wait for the post room, and the case ends only once all are out.
import { condition, patched } from '@temporalio/workflow';
import type { ExtensionRecord } from '../domain/case';
import { now, untilOrEnd } from './clock';
import { deliveries, writes } from './local-activities';

/** R12: what the case records of an extension's notice; the case owns the record (./complaint-case.ts). */
export interface ExtensionNoticeMarks {
  extensionNoticeGivenInCabinet(record: ExtensionRecord): void;
  extensionNoticeLate(record: ExtensionRecord): void;
  extensionNoticeSent(record: ExtensionRecord): void;
}

export class Notices {
  private readonly sending: Promise<void>[] = [];
  /** notification key → when the post room posted that letter. */
  readonly postedLetters = new Map<string, string>();
  /** notification key → when the letter reached the complainant, as the post room recorded it. */
  readonly deliveredLetters = new Map<string, string>();

  constructor(
    private readonly complaintId: string,
    private readonly kase: ExtensionNoticeMarks,
  ) {}

  letterPosted({ notificationKey, postedAt }: { notificationKey: string; postedAt: string }): void {
    this.postedLetters.set(notificationKey, postedAt);
  }

  letterDelivered({ notificationKey, deliveredAt }: { notificationKey: string; deliveredAt: string }): void {
    this.deliveredLetters.set(notificationKey, deliveredAt);
  }

  /** A delivery under way; `allSent` waits for it. */
  add(delivery: Promise<void>): void {
    this.sending.push(delivery);
  }

  /** The notices of these keys, delivered in the background (with the deliveries' hourly retries). */
  send(notificationKeys: string[]): void {
    this.add(
      deliveries.deliverNotifications({ complaintId: this.complaintId, notificationKeys }).then(() => undefined),
    );
  }

  allSent(): Promise<unknown> {
    return Promise.all(this.sending);
  }

  /** R12: the extension's notice with its reasons, due within 3 working days of the extension. */
  sendExtensionNotice(stageNo: number, record: ExtensionRecord, keys: string[]): void {
    this.add(this.deliverExtensionNotice(stageNo, record, keys));
  }

  // In writing for paper complaints (sent once the post room has posted it), electronically
  // otherwise. The clock runs from the extension: an outage that holds the notice up makes it late.
  // An electronic notice is given when it is entered in the personal cabinet (R12): e-mail and SMS
  // follow it, and their retries do not make it late.
  private async deliverExtensionNotice(stageNo: number, record: ExtensionRecord, keys: string[]): Promise<void> {
    const { complaintId } = this;
    let awaitingPost: string[] | undefined;
    const cabinetFirst = patched('extension-notice-given-in-cabinet');
    const cabinet = cabinetFirst ? keys.filter((key) => key.endsWith(':cabinet')) : [];
    const others = keys.filter((key) => !cabinet.includes(key));
    // Scheduled at once, as before the patch: the delivery comes before the clock's patch marker.
    const first = deliveries.deliverNotifications({
      complaintId,
      notificationKeys: cabinet.length > 0 ? cabinet : keys,
    });
    const delivering = (
      cabinet.length === 0
        ? first
        : first.then(() => {
            this.kase.extensionNoticeGivenInCabinet(record);
            return others.length === 0
              ? { awaitingPost: [] }
              : deliveries.deliverNotifications({ complaintId, notificationKeys: others });
          })
    ).then((delivery) => {
      awaitingPost = delivery.awaitingPost;
    });
    // Before patch `notice-clock-from-extension` the clock started once the delivery had succeeded.
    if (!patched('notice-clock-from-extension')) await delivering;
    const sent = () =>
      record.noticeInCabinetAt !== undefined ||
      (awaitingPost !== undefined && awaitingPost.every((key) => this.postedLetters.has(key)));
    const inTime = await untilOrEnd(sent, Date.parse(record.noticeDueBy));
    if (!inTime) {
      this.kase.extensionNoticeLate(record);
      await writes.recordEvent({
        complaintId,
        stage: stageNo,
        key: `extension-${record.number}-notice-late`,
        kind: 'extension_notice_late',
        at: now(),
        data: { noticeDueBy: record.noticeDueBy },
      });
      await condition(sent);
    }
    await delivering;
    this.kase.extensionNoticeSent(record);
  }
}
