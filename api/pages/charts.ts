// The SLA dashboard's charts: Vega-Lite specifications compiled and rendered to SVG on the server
// (vega's headless view, no canvas, no browser).
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { SlaMonth } from '../../domain/sla-figures';

// Vega-Lite's warnings about the specifications below (fixed in this file, their pictures checked
// in Chromium by a test) would be plain lines among the API's JSON log lines: only errors pass.
const compileLog = vega.logger(vega.Error);

async function svgOf(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec, { logger: compileLog }).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const PANELS_PER_ROW = 5;

/** A facet's panel is 160 px wide: about 24 characters of 10 px text. */
const PANEL_LINE_CHARACTERS = 24;

/** A name broken into lines at spaces, none longer than `width` unless a single word is. */
export function wrapWords(name: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of name.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** A Vega expression giving each panel's header its name in lines, so that long names of bodies do not run into each other. */
function wrappedHeader(names: Iterable<string>): string {
  const lines: Record<string, string[]> = {};
  for (const name of names) lines[name] = wrapWords(name, PANEL_LINE_CHARACTERS);
  return `${JSON.stringify(lines)}[datum.value]`;
}

export interface ChartLabels {
  month: string;
  body: string;
  received: string;
  answeredInTime: string;
  overdue: string;
  median: string;
  p90: string;
  title: string;
}

/** Received, answered in time and overdue per month, a bar group per body. */
export function countsChart(months: readonly SlaMonth[], l: ChartLabels): Promise<string> {
  const values = months.flatMap((m) => [
    { month: m.month, body: m.bodyId, measure: l.received, count: m.received },
    { month: m.month, body: m.bodyId, measure: l.answeredInTime, count: m.answeredInTime },
    { month: m.month, body: m.bodyId, measure: l.overdue, count: m.overdue },
  ]);
  return svgOf({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: l.title,
    data: { values },
    mark: 'bar',
    width: 160,
    height: 160,
    encoding: {
      // Five panels a row: more bodies add rows, not a page to scroll sideways.
      facet: {
        field: 'body',
        type: 'nominal',
        columns: PANELS_PER_ROW,
        title: l.body,
        header: { labelExpr: wrappedHeader(new Set(months.map((m) => m.bodyId))) },
      },
      x: { field: 'month', type: 'ordinal', title: l.month },
      xOffset: { field: 'measure', type: 'nominal', sort: [l.received, l.answeredInTime, l.overdue] },
      y: { field: 'count', type: 'quantitative', title: null },
      color: {
        field: 'measure',
        type: 'nominal',
        title: null,
        sort: [l.received, l.answeredInTime, l.overdue],
        scale: { range: ['#0b4f8a', '#2e7d32', '#a4161a'] },
      },
    },
  });
}

/** Median and 90th percentile of working days to the answer per month, a line per body. */
export function workingDaysChart(months: readonly SlaMonth[], l: ChartLabels): Promise<string> {
  const values = months.flatMap((m) => [
    ...(m.medianWorkingDays === null
      ? []
      : [{ month: m.month, body: m.bodyId, measure: l.median, days: m.medianWorkingDays }]),
    ...(m.p90WorkingDays === null ? [] : [{ month: m.month, body: m.bodyId, measure: l.p90, days: m.p90WorkingDays }]),
  ]);
  return svgOf({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: l.title,
    data: { values },
    mark: { type: 'line', point: true },
    width: 420,
    height: 200,
    encoding: {
      x: { field: 'month', type: 'ordinal', title: l.month },
      y: { field: 'days', type: 'quantitative', title: null },
      // A body's whole name in the legend (the default cuts it at 160 px; the server measures Cyrillic wider than the browser draws it).
      color: { field: 'body', type: 'nominal', title: l.body, legend: { labelLimit: 1000 } },
      // Line samples, not dots: the legend shows which measure is the dashed line.
      strokeDash: {
        field: 'measure',
        type: 'nominal',
        title: null,
        legend: {
          labelLimit: 1000,
          symbolType: 'stroke',
          symbolSize: 300,
          encoding: { symbols: { stroke: { value: 'black' } } },
        },
      },
    },
  });
}
