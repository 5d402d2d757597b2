// The whole procedure over HTTP, each role doing its part (R1–R13).
import { randomUUID } from 'node:crypto';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { createApiKey } from '../../db/api-keys';
import { loadCalendarData } from '../../db/calendar';
import { saveArchivedHistory } from '../../db/workflow-histories';
import { almatyDate, createWorkingCalendar, reviewDeadline } from '../../domain/calendar';
import { complaintWorkflowId, getCase } from '../../workflows/complaint-messages';
import { apiAs, eventually } from '../support/api-client';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { anAppeal, BIN, IIN, officeComplaint, portalComplaint } from '../support/complaints';

let stack: ApiStack;
let api: ReturnType<typeof apiAs>;
beforeAll(async () => {
  stack = await startApiStack();
  api = apiAs(stack);
  stack.keys.intake2 = (await createApiKey(stack.db, 'intake', null, 'second intake')).key;
});
afterAll(async () => {
  await stack?.stop();
});

const lastDayOf = (deadline: string) => almatyDate(new Date(Date.parse(deadline) - 1));
const calendar = async () => createWorkingCalendar(await loadCalendarData(stack.db));
const marksOf = (events: Array<{ mark: string | null }>) => events.map((e) => e.mark).filter(Boolean);
const caseRow = (id: string) =>
  stack.db.selectFrom('complaints').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('a paper complaint at a local executive body, and an electronic one escalated to the quality-control body', () => {
  let paperId: string;
  let paperNumber: string;
  let electronicId: string;
  const decision = {
    outcome: 'partially_satisfied',
    reasoning: 'The application is reviewed again; the fee is not refunded.',
    decidedBy: 'Досаев Е.А.',
  };

  it('intake files both; each is registered with a receipt before the answer (R3)', async () => {
    const paper = await api.post(
      '/v1/complaints',
      'intake',
      officeComplaint('akimat-almaty', {
        complainant: {
          kind: 'legal_entity',
          name: 'ТОО "<Дала> & Co"',
          bin: BIN,
          postalAddress: 'г. Алматы, пр. Абая, 1',
        },
      }),
    );
    expect(paper.status).toBe(201);
    expect(paper.body).toMatchObject({ status: 'under_review', bodyId: 'akimat-almaty', receivedBy: 'Сапарова Д.К.' });
    expect(paper.body.incomingNumber).toMatch(/^AKM-\d{4}-\d{6}$/);
    ({ id: paperId, incomingNumber: paperNumber } = paper.body);

    const electronic = await api.post('/v1/complaints', 'intake', portalComplaint('con-almaty'));
    expect(electronic.status).toBe(201);
    expect(electronic.body.incomingNumber).toMatch(/^CON-\d{4}-\d{6}$/);
    electronicId = electronic.body.id;
  });

  it('the official of the akimat assigns, extends by 5 working days (R11) and decides (R8)', async () => {
    const official = 'official:akimat-almaty';
    const assigned = await api.post(`/v1/complaints/${paperId}/assignment`, official, { officialName: 'Жумабаев К.' });
    expect(assigned.status).toBe(200);
    expect(assigned.body.stages[0].assignedTo).toBe('Жумабаев К.');

    const before = (await api.get(`/v1/complaints/${paperId}`, official)).body.deadline as string;
    const extended = await api.post(`/v1/complaints/${paperId}/extension`, official, {
      reason: 'additional_information',
      workingDays: 5,
      explanation: 'A reply from the land registry is awaited.',
    });
    expect(extended.status).toBe(200);
    expect(extended.body.deadline).toBe(reviewDeadline(lastDayOf(before), 5, await calendar()).endsAt.toISOString());
    expect((await api.get(`/v1/complaints/${paperId}`, official)).body).toMatchObject({
      deadline: extended.body.deadline,
      extendedDays: 5,
    });

    const decided = await api.post(`/v1/complaints/${paperId}/decision`, official, decision);
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject(decision);
  });

  it('the post room lists the extension letter, marks it posted once, and the workflow records the notice as sent (R12)', async () => {
    const outbox = await api.get('/v1/outbox?channel=post', 'admin');
    expect(outbox.status).toBe(200);
    const letter = outbox.body.items.find(
      (l: { complaintId: string; purpose: string }) => l.complaintId === paperId && l.purpose === 'extension_notice',
    );
    expect(letter).toMatchObject({
      incomingNumber: paperNumber,
      recipientAddress: 'г. Алматы, пр. Абая, 1',
      status: 'pending',
    });
    expect(letter.textRu).toContain('продлён на 5 рабочих дней');
    expect(letter.textKk).toContain(paperNumber);

    const printable = await api.get(`/v1/outbox/${letter.id}/letter?lang=kk`, 'admin');
    expect(printable.status).toBe(200);
    expect(printable.text).toContain(paperNumber);

    const posted = await api.post(`/v1/outbox/${letter.id}/posted`, 'admin', { trackingNumber: 'RR123456785KZ' });
    expect(posted.status).toBe(200);
    expect(posted.body).toMatchObject({ id: letter.id, status: 'posted', trackingNumber: 'RR123456785KZ' });
    const again = await api.post(`/v1/outbox/${letter.id}/posted`, 'admin', { trackingNumber: 'RR123456785KZ' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(posted.body);
    expect(
      (await api.post(`/v1/outbox/${letter.id}/posted`, 'admin', { trackingNumber: 'RR999999999KZ' })).status,
    ).toBe(409);
    const events = await stack.db
      .selectFrom('complaint_events')
      .select('kind')
      .where('complaint_id', '=', paperId)
      .where('event_key', '=', `posted:${letter.notificationKey}`)
      .execute();
    expect(events).toEqual([{ kind: 'letter_posted' }]);

    // R9, R13: the post room records the letter's receipt, once; not before posting nor in the future.
    const postedAt = Date.parse(posted.body.postedAt);
    const deliveredAt = new Date(postedAt).toISOString(); // a receipt the same moment: the latest real one
    const url = `/v1/outbox/${letter.id}/delivered`;
    expect((await api.post(url, 'admin', { deliveredAt: new Date(postedAt - 60_000).toISOString() })).status).toBe(422);
    expect(
      (await api.post(url, 'admin', { deliveredAt: new Date(Date.now() + 3_600_000).toISOString() })).body,
    ).toMatchObject({
      error: { code: 'validation_failed', details: [{ path: 'body.deliveredAt' }] },
    });
    const delivered = await api.post(url, 'admin', { deliveredAt });
    expect(delivered.status).toBe(200);
    expect(delivered.body).toMatchObject({ id: letter.id, deliveredAt });
    expect((await api.post(url, 'admin', { deliveredAt })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await api.post(url, 'admin', { deliveredAt: new Date(postedAt + 5).toISOString() })).body).toMatchObject({
      error: { code: 'already_delivered' },
    });
    expect(
      (await api.get('/v1/outbox?channel=post', 'admin')).body.items.map((l: { id: string }) => l.id),
    ).not.toContain(letter.id);

    const handle = stack.client.workflow.getHandle(complaintWorkflowId(paperId));
    const extension = await eventually(async () => {
      const e = (await handle.query(getCase)).stages[0].extensions[0];
      return e.noticeSentAt ? e : undefined;
    }, 'the extension notice to be recorded as sent');
    expect(extension.noticeBreached).toBeUndefined();
  });

  it('the complainant sees the paper case in the personal cabinet by BIN, and the receipt in both languages (R3, R4)', async () => {
    const own = await api.get(`/v1/complaints/${paperId}`, { portal: BIN });
    expect(own.status).toBe(200);
    expect((await api.get(`/v1/complaints/${paperId}`, { portal: IIN })).status).toBe(404);

    for (const [lang, words] of [
      ['ru', ['Талон о принятии жалобы', 'Жалобу принял(а)']],
      ['kk', ['Шағымды қабылдау туралы талон', 'Шағымды қабылдаған']],
    ] as const) {
      const receipt = await api.get(`/v1/complaints/${paperId}/receipt?lang=${lang}`, 'intake');
      expect(receipt.status).toBe(200);
      expect(receipt.headers['content-type']).toMatch(/^text\/html/);
      expect(receipt.text).toContain(`<html lang="${lang}">`);
      for (const w of [paperNumber, 'Сапарова Д.К.', ...words]) expect(receipt.text).toContain(w);
      expect(receipt.text).toContain('ТОО &quot;&lt;Дала&gt; &amp; Co&quot;');
      expect(receipt.text).not.toContain('<Дала>');
    }
    const registeredOn = (await caseRow(paperId)).registered_on;
    const ru = await api.get(`/v1/complaints/${paperId}/receipt`, 'intake');
    expect(ru.text).toContain(registeredOn.split('-').reverse().join('.'));
    expect(ru.text).toContain('Акимат города Алматы');
  });

  it('the electronic case is answered, seen in the cabinet with the marks of R4, escalated to the QCB with 15 working days (R9, R10)', async () => {
    const official = 'official:con-almaty';
    expect(
      (await api.post(`/v1/complaints/${electronicId}/assignment`, official, { officialName: 'Ахметова Г.' })).status,
    ).toBe(200);
    expect(
      (
        await api.post(`/v1/complaints/${electronicId}/decision`, official, {
          outcome: 'rejected',
          reasoning: 'The certificate was issued on time; the delay was at the post office.',
          decidedBy: 'Ахметова Г.К.',
        })
      ).status,
    ).toBe(200);

    const read = await api.get(`/v1/complaints/${electronicId}`, { portal: IIN });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ status: 'decided', outcome: 'rejected', reviewingBodyId: 'con-almaty' });
    const timeline = await api.get(`/v1/complaints/${electronicId}/timeline`, { portal: IIN });
    expect(marksOf(timeline.body.events)).toEqual(['delivered', 'registered', 'in_execution', 'answered']);

    const escalated = await api.post(`/v1/complaints/${electronicId}/escalation`, { portal: IIN }, anAppeal());
    expect(escalated.status).toBe(200);
    expect(escalated.body).toMatchObject({ stage: 2, bodyId: 'qcb-almaty' });
    expect(escalated.body.incomingNumber).toMatch(/^QCB-\d{4}-\d{6}$/);

    const stage2 = await stack.db
      .selectFrom('review_stages')
      .selectAll()
      .where('complaint_id', '=', electronicId)
      .where('stage', '=', 2)
      .executeTakeFirstOrThrow();
    expect(stage2.review_term_days).toBe(15);
    expect(escalated.body.deadline).toBe(
      reviewDeadline(stage2.registered_on, 15, await calendar()).endsAt.toISOString(),
    );
    const term = await api.get(
      `/v1/calendar/deadline?bodyId=qcb-almaty&from=${encodeURIComponent(new Date(stage2.received_at).toISOString())}`,
      { portal: IIN },
    );
    expect(term.body).toMatchObject({
      registeredOn: stage2.registered_on,
      workingDays: 15,
      endsAt: escalated.body.deadline,
      calendarHasData: true,
    });

    // The case has left the provider: its official no longer sees it, the QCB's does.
    expect((await api.get(`/v1/complaints/${electronicId}`, official)).status).toBe(404);
    const atQcb = await api.get(`/v1/complaints/${electronicId}`, 'official:qcb-almaty');
    expect(atQcb.body).toMatchObject({
      stage: 2,
      status: 'under_review',
      reviewingBodyId: 'qcb-almaty',
      incomingNumber: escalated.body.incomingNumber,
    });
  });

  it('the QCB official decides and the complainant goes to court; the case closes (R13)', async () => {
    expect(
      (
        await api.post(`/v1/complaints/${electronicId}/decision`, 'official:qcb-almaty', {
          outcome: 'rejected',
          reasoning: 'The provider acted within the standard of the service.',
          decidedBy: 'Сейткали А.М.',
        })
      ).status,
    ).toBe(200);
    const referred = await api.post(
      `/v1/complaints/${electronicId}/court-referral`,
      { portal: IIN },
      { court: 'Специализированный межрайонный административный суд г. Алматы' },
    );
    expect(referred.status).toBe(200);
    expect(referred.body.status).toBe('referred_to_court');
    await eventually(
      async () => ((await caseRow(electronicId)).status === 'referred_to_court' ? true : undefined),
      'the case to close',
    );
    expect((await api.post(`/v1/complaints/${electronicId}/withdrawal`, { portal: IIN }, {})).status).toBe(409);
  });

  it('the auditor reads the decoded Temporal history and the case file', async () => {
    const history = await api.get(`/v1/complaints/${electronicId}/history`, 'auditor');
    expect(history.status).toBe(200);
    expect(history.body).toMatchObject({
      complaintId: electronicId,
      workflowId: complaintWorkflowId(electronicId),
      source: 'temporal',
      archivedAt: null,
    });
    const types = history.body.events.map((e: { eventType: string }) => e.eventType);
    expect(types[0]).toBe('WorkflowExecutionStarted');
    expect(types).toContain('WorkflowExecutionUpdateAccepted');
    expect(types[types.length - 1]).toBe('WorkflowExecutionCompleted');
    const [input] = history.body.events[0].workflowExecutionStartedEventAttributes.input.payloads;
    expect(input).toMatchObject({ complaintId: electronicId, complaint: { channel: 'portal' } });

    const file = await api.get(`/v1/complaints/${electronicId}/case-file`, 'auditor');
    expect(file.status).toBe(200);
    expect(file.body.complaint).toMatchObject({ id: electronicId, status: 'referred_to_court' });
    expect(file.body.stages.map((s: { bodyId: string }) => s.bodyId)).toEqual(['con-almaty', 'qcb-almaty']);
    expect(file.body.decisions.map((d: { outcome: string; stage: number }) => [d.stage, d.outcome])).toEqual([
      [1, 'rejected'],
      [2, 'rejected'],
    ]);
    expect(file.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['registered', 'decided', 'referred_to_court']),
    );
    expect(
      file.body.notifications.some(
        (n: { purpose: string; textRu: string }) =>
          n.purpose === 'answer' && n.textRu.includes('оставлена без удовлетворения'),
      ),
    ).toBe(true);
    expect((await api.get(`/v1/complaints/${electronicId}/case-file`, { portal: IIN })).status).toBe(200);
  });

  it('reports per body how terms were kept', async () => {
    const report = await api.get('/v1/reports/sla', 'auditor');
    expect(report.status).toBe(200);
    const akimat = report.body.bodies.find((b: { bodyId: string }) => b.bodyId === 'akimat-almaty');
    expect(akimat).toMatchObject({
      cases: 1,
      decided: 1,
      decidedOnTime: 1,
      onTimeRate: 1,
      extended: 1,
      overdueNow: 0,
      averageWorkingDaysToDecision: expect.any(Number),
    });
    const own = await api.get('/v1/reports/sla', 'official:qcb-almaty');
    expect(own.body.bodies.map((b: { bodyId: string }) => b.bodyId)).toEqual(['qcb-almaty']);
    expect(own.body.bodies[0]).toMatchObject({ cases: 1, decided: 1 });
  });
});

describe('the case list', () => {
  const ids: string[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 3; i++) {
      const filed = await api.post('/v1/complaints', 'intake2', portalComplaint('con-almaty'));
      expect(filed.status).toBe(201);
      ids.unshift(filed.body.id); // newest first
    }
  });

  it("pages the intake's own cases newest first with an opaque cursor", async () => {
    const first = await api.get('/v1/complaints?limit=2', 'intake2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((c: { id: string }) => c.id)).toEqual(ids.slice(0, 2));
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api.get(`/v1/complaints?limit=2&cursor=${first.body.nextCursor}`, 'intake2');
    expect(second.body.items.map((c: { id: string }) => c.id)).toEqual(ids.slice(2));
    expect(second.body.nextCursor).toBeNull();
    expect(first.body.items[0]).not.toHaveProperty('complaint'); // no personal data in the list
  });

  it('filters by status, body, channel, overdue, deadline and registration date', async () => {
    const today = (await caseRow(ids[0])).registered_on;
    const far = '2100-01-01';
    const query = `status=under_review&bodyId=con-almaty&channel=portal&overdue=false&deadlineBefore=${far}&registeredFrom=${today}&registeredTo=${today}`;
    const all = await api.get(`/v1/complaints?${query}`, 'intake2');
    expect(all.body.items.map((c: { id: string }) => c.id)).toEqual(ids);
    // Under review and due by a date has a query of its own (db/complaints.ts); it pages alike.
    const page1 = await api.get(`/v1/complaints?${query}&limit=2`, 'intake2');
    const page2 = await api.get(`/v1/complaints?${query}&limit=2&cursor=${page1.body.nextCursor}`, 'intake2');
    expect([...page1.body.items, ...page2.body.items].map((c: { id: string }) => c.id)).toEqual(ids);
    expect(page2.body.nextCursor).toBeNull();
    for (const filter of [
      'status=decided',
      'bodyId=qcb-almaty',
      'channel=post',
      'overdue=true',
      `deadlineBefore=${today}`,
      `registeredTo=2024-01-01`,
    ]) {
      expect((await api.get(`/v1/complaints?${filter}`, 'intake2')).body.items).toEqual([]);
    }
    const byAuditor = await api.get(`/v1/complaints?${query}&limit=100`, 'auditor');
    expect(byAuditor.body.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(ids));
    const byFirstIntake = await api.get('/v1/complaints?limit=100', 'intake');
    expect(byFirstIntake.body.items.map((c: { id: string }) => c.id)).not.toContain(ids[0]);
  });

  it('serves a history from the archive once Temporal no longer has it, in the same shape', async () => {
    const id = ids[0];
    expect((await api.post(`/v1/complaints/${id}/withdrawal`, { portal: IIN }, { note: 'Resolved.' })).status).toBe(
      200,
    );
    const handle = stack.client.workflow.getHandle(complaintWorkflowId(id));
    await handle.result();
    const fromTemporal = await api.get(`/v1/complaints/${id}/history`, 'auditor');
    expect(fromTemporal.body.source).toBe('temporal');

    // A case whose run is past the namespace's retention: its register row is there, Temporal
    // answers NotFound, and the archiver has stored the history it copied while it could.
    const {
      id: _id,
      workflow_id: _workflowId,
      input,
      respondent_body_id: _respondent,
      demands_digest: _digest,
      ...row
    } = await caseRow(id);
    const expired = randomUUID();
    await stack.db
      .insertInto('complaints')
      .values({ ...row, id: expired, workflow_id: complaintWorkflowId(expired), input: JSON.stringify(input) })
      .execute();
    expect((await api.get(`/v1/complaints/${expired}/history`, 'auditor')).status).toBe(404);
    await saveArchivedHistory(stack.db, {
      complaintId: expired,
      workflowId: complaintWorkflowId(expired),
      historyJson: historyToJSON(await handle.fetchHistory()),
    });

    const fromArchive = await api.get(`/v1/complaints/${expired}/history`, 'auditor');
    expect(fromArchive.status).toBe(200);
    expect(fromArchive.body).toMatchObject({
      source: 'archive',
      workflowId: complaintWorkflowId(expired),
      archivedAt: expect.any(String),
    });
    expect(Object.keys(fromArchive.body).sort()).toEqual(Object.keys(fromTemporal.body).sort());
    expect(fromArchive.body.events).toEqual(fromTemporal.body.events);
  });
});
