// The dashboard's charts name each body over its panel; long names of bodies are broken into
// lines so that they do not run into the next panel's name.
import { countsChart, workingDaysChart, wrapWords, type ChartLabels } from '../../api/pages/charts';
import type { SlaMonth } from '../../domain/sla-figures';

const LABELS: ChartLabels = {
  month: 'Month',
  body: 'Body',
  received: 'Received',
  answeredInTime: 'Answered in time',
  overdue: 'Overdue',
  median: 'Median',
  p90: '90th percentile',
  title: 'Received, in time and overdue',
};

function month(bodyId: string): SlaMonth {
  return {
    bodyId,
    month: '2026-03',
    received: 4,
    answered: 3,
    answeredInTime: 3,
    extended: 0,
    overdue: 1,
    escalated: 0,
    medianWorkingDays: 3,
    p90WorkingDays: 5,
  };
}

describe('wrapWords', () => {
  it('breaks a name at spaces into lines no longer than the width', () => {
    expect(wrapWords('Государственная корпорация «Правительство для граждан»', 24)).toEqual([
      'Государственная',
      'корпорация',
      '«Правительство для',
      'граждан»',
    ]);
    expect(wrapWords('Акимат города Алматы', 24)).toEqual(['Акимат города Алматы']);
  });

  it('keeps a word longer than the width whole, on a line of its own', () => {
    expect(wrapWords('a Антимонопольнаяслужбагорода b', 10)).toEqual(['a', 'Антимонопольнаяслужбагорода', 'b']);
  });
});

describe('the counts chart', () => {
  it('writes a long body name over its panel in lines, the short one on one line', async () => {
    const long = 'Департамент Комитета по контролю качества и безопасности товаров и услуг города Алматы';
    const svg = await countsChart([month(long), month('Акимат города Алматы')], LABELS);
    for (const line of wrapWords(long, 24)) expect(svg).toContain(`>${line}</tspan>`);
    expect(svg).toContain('>Акимат города Алматы</text>');
    expect(svg).not.toContain(`>${long}<`);
  });
});

describe('the counts chart, many bodies', () => {
  it('puts five panels in a row and the rest in rows below, so the page does not grow sideways', async () => {
    const widthOf = (svg: string) => Number(/<svg[^>]* width="([\d.]+)"/.exec(svg)![1]);
    const heightOf = (svg: string) => Number(/<svg[^>]* height="([\d.]+)"/.exec(svg)![1]);
    const bodies = (n: number) => Array.from({ length: n }, (_, i) => month(`Орган номер ${i + 1}`));
    const five = await countsChart(bodies(5), LABELS);
    const twelve = await countsChart(bodies(12), LABELS);
    expect(widthOf(twelve)).toBeLessThanOrEqual(widthOf(five));
    expect(heightOf(twelve)).toBeGreaterThan(2 * heightOf(five)); // three rows against one
    for (let i = 1; i <= 12; i++) expect(twelve).toContain(`>Орган номер ${i}<`);
  });
});

describe('the working-days chart', () => {
  it('draws its median and 90th percentile in the legend as lines, solid and dashed, as they are drawn in the chart', async () => {
    const svg = await workingDaysChart([month('Акимат города Алматы')], LABELS);
    const symbols = svg.match(/<g class="mark-symbol role-legend-symbol[^]*?<\/g>/g) ?? [];
    const lines = symbols.filter((g) => /d="M-?[\d.]+,0L[\d.]+,0"/.test(g));
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/stroke="black"/);
    expect(lines.filter((line) => /stroke-dasharray="1,0"/.test(line))).toHaveLength(1);
    expect(lines.filter((line) => /stroke-dasharray="\d+,\d+"/.test(line) && !/"1,0"/.test(line))).toHaveLength(1);
  });
});
