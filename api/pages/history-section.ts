// The auditor's view of a case's Temporal history: decoded by the API's codec (api/history.ts),
// with a link to the same workflow in the Temporal UI.
import type { CaseHistory } from '../history';
import { html, type Html } from '../html';
import type { PageContext } from './layout';

interface HistoryEvent {
  eventId?: string;
  eventType?: string;
  eventTime?: string;
  [attributes: string]: unknown;
}

export function historySection(
  ctx: PageContext,
  history: CaseHistory | undefined,
  temporalUiUrl: string | undefined,
  namespace: string,
  workflowId: string,
): Html {
  const { t } = ctx;
  const link = temporalUiUrl
    ? html`<p>
        <a
          href="${temporalUiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}"
          >${t.temporalUi}</a
        >
      </p>`
    : '';
  if (!history)
    return html`<h2>${t.history}</h2>
      ${link}
      <p>${t.noHistory}</p>`;
  const events = history.events as HistoryEvent[];
  return html`<h2>${t.history}</h2>
    ${link}
    <p class="muted">${t.historySource(history.source)} · ${workflowId} · ${events.length}</p>
    <table>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">${t.event}</th>
          <th scope="col">${t.time}</th>
        </tr>
      </thead>
      <tbody>
        ${events.map((e) => {
          const { eventId, eventType, eventTime, ...rest } = e;
          return html`<tr>
            <td>${eventId ?? ''}</td>
            <td>
              <details>
                <summary>${eventType ?? ''}</summary>
                <pre>${JSON.stringify(rest, null, 2)}</pre>
              </details>
            </td>
            <td>${eventTime ?? ''}</td>
          </tr>`;
        })}
      </tbody>
    </table>`;
}
