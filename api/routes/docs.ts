import { Router } from 'express';
import { HTML_CSP, html, page, type Html } from '../html';
import { openApiDocument } from '../openapi';

type Doc = ReturnType<typeof openApiDocument>;
interface OperationDoc {
  summary: string; description: string; parameters: Array<Record<string, unknown>>;
  requestBody?: { content: Record<string, { schema: { $ref: string } }> }; responses: Record<string, { description: string }>;
}

const pretty = (v: unknown) => JSON.stringify(v, null, 2);

/** The document as a plain page: every path and method, parameters, bodies and schemas (no CDN offline). */
function renderDocs(doc: Doc): string {
  const sections: Html[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      const op = raw as OperationDoc;
      const params = op.parameters.filter((p) => !('$ref' in p));
      const body = op.requestBody?.content['application/json']?.schema.$ref.split('/').pop();
      sections.push(html`<section id="${method}-${path}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${path}</code></h3>
<p>${op.summary}</p><p class="roles">${op.description}</p>
${params.length ? html`<table><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th></tr>${params.map((p) => html`<tr><td><code>${p.name}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${JSON.stringify(p.schema)}</code></td></tr>`)}</table>` : ''}
${body ? html`<p>Request body: <a href="#schema-${body}"><code>${body}</code></a> (application/json)</p>` : ''}
<ul>${Object.entries(op.responses).map(([status, r]) => html`<li><b>${status}</b> ${r.description}</li>`)}</ul>
</section>`);
    }
  }
  const schemas = Object.entries(doc.components.schemas).map(([name, schema]) =>
    html`<section id="schema-${name}"><h3><code>${name}</code></h3><pre>${pretty(schema)}</pre></section>`);
  return page('en', doc.info.title, STYLE, html`
<h1>${doc.info.title} — API ${doc.info.version}</h1>
<p>${doc.info.description}</p>
<p>Authentication: <code>Authorization: Bearer &lt;api key&gt;</code>; the portal also names the complainant in <code>X-Complainant-Id</code>.
Errors: <code>{ "error": { "code", "message", "details": [{ "path", "message" }] } }</code>. Machine-readable: <a href="/openapi.json">/openapi.json</a>.</p>
<h2>Operations</h2>
${sections}
<h2>Schemas</h2>
${schemas}`);
}

export function docsRoutes(): Router {
  const router = Router();
  const doc = openApiDocument();
  const docsPage = renderDocs(doc);
  router.get('/openapi.json', (_req, res) => { res.json(doc); });
  router.get('/docs', (_req, res) => { res.set('Content-Security-Policy', HTML_CSP).type('html').send(docsPage); });
  return router;
}

const STYLE = `
body { font-family: system-ui, sans-serif; max-width: 60em; margin: 1em auto; padding: 0 1em; }
section { border-top: 1px solid #ddd; padding: .3em 0; }
.method { display: inline-block; min-width: 4em; text-align: center; color: #fff; border-radius: 3px; padding: 0 .3em; }
.get { background: #2f6f9f; } .post { background: #3c8d40; } .put { background: #a66d00; }
.roles { color: #555; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .2em .4em; text-align: left; }
pre { background: #f6f6f6; padding: .5em; overflow-x: auto; font-size: .85em; }
`;
