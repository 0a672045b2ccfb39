import type { ChartConfiguration } from 'chart.js';
import { useMemo } from 'react';
import { ChartCanvas } from '../charts/chart-canvas';
import { type LifecycleAnswer, type LifecyclePoint, STAGES, activityPeriods, lifecycleLine } from '../charts/lifecycle-data';
import { formatDate, formatDateTime } from '../format';
import { Shown } from '../states';
import { useAnswer } from '../use-answer';
import { customerPath } from './links';

/** Activity by colour, the same in the line, its points and the legend of periods. */
const ACTIVITY_COLOURS: Record<string, string> = { active: '#116329', dormant: '#6e7781', reawakened: '#bc4c00' };
const colourOf = (activity: string) => ACTIVITY_COLOURS[activity] ?? '#0b57d0';

export function Lifecycle({ apiKey, customerId }: { apiKey: string; customerId: string }) {
  const loaded = useAnswer<LifecycleAnswer>(customerPath(customerId, '/lifecycle'), apiKey);
  return (
    <section aria-labelledby="lifecycle-title">
      <h2 id="lifecycle-title">Lifecycle</h2>
      <Shown loaded={loaded}>{(answer) => <LifecycleFigures answer={answer} />}</Shown>
    </section>
  );
}

function LifecycleFigures({ answer }: { answer: LifecycleAnswer }) {
  // The line's last point, when carried on to the last activity, keeps the activity: the periods are the same.
  const points = lifecycleLine(answer);
  const periods = activityPeriods(points);
  const config = useMemo<ChartConfiguration>(() => lifecycleChart(points), [answer]);
  return (
    <>
      <dl className="facts" data-part="lifecycle">
        <div data-field="funnelStage">
          <dt>Funnel stage</dt>
          <dd>{answer.funnelStage}</dd>
        </div>
        <div data-field="activity">
          <dt>Activity</dt>
          <dd>{answer.activity}</dd>
        </div>
        <div>
          <dt>Since</dt>
          <dd>{formatDateTime(answer.since)}</dd>
        </div>
        {answer.dormantSince ? (
          <div>
            <dt>Dormant since</dt>
            <dd>{formatDateTime(answer.dormantSince)}</dd>
          </div>
        ) : null}
        {answer.reawakenedAt ? (
          <div>
            <dt>Reawakened</dt>
            <dd>{formatDateTime(answer.reawakenedAt)}</dd>
          </div>
        ) : null}
        <div>
          <dt>Last activity</dt>
          <dd>{formatDateTime(answer.lastActivityAt)}</dd>
        </div>
      </dl>
      {points.length > 0 ? (
        <>
          <p className="legend" aria-hidden="true">
            {Object.entries(ACTIVITY_COLOURS).map(([activity, colour]) => (
              <span key={activity} style={{ borderColor: colour }}>
                {activity}
              </span>
            ))}
          </p>
          <ChartCanvas config={config} label={`The funnel stage over time, coloured by activity: ${periods.map((period) => `${period.activity} from ${formatDate(period.from)}`).join(', ')}`} />
        </>
      ) : null}
      <table aria-label="Lifecycle history">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Funnel stage</th>
            <th scope="col">Activity</th>
            <th scope="col">Event</th>
          </tr>
        </thead>
        <tbody>
          {answer.history.map((change, i) => (
            <tr key={i} data-change={change.eventType}>
              <td>{formatDateTime(change.at)}</td>
              <td>{change.funnelStage}</td>
              <td>{change.activity}</td>
              <td>{change.eventType}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** A step line through the stages (a stage holds until the next change), each stretch in its activity's colour. */
function lifecycleChart(points: LifecyclePoint[]): ChartConfiguration {
  return {
    type: 'line',
    data: {
      datasets: [
        {
          label: 'Funnel stage',
          data: points.map(({ x, y }) => ({ x, y })),
          stepped: 'after',
          borderWidth: 3,
          pointRadius: 4,
          pointBackgroundColor: points.map((point) => colourOf(point.activity)),
          pointBorderColor: points.map((point) => colourOf(point.activity)),
          segment: { borderColor: (context) => colourOf(points[context.p0DataIndex]?.activity ?? '') },
        },
      ],
    },
    options: {
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: (item) => `${points[item.dataIndex]?.stage} (${points[item.dataIndex]?.activity}): ${points[item.dataIndex]?.eventType}` } } },
      scales: {
        x: { type: 'linear', ticks: { callback: (value) => formatDate(Number(value)), maxTicksLimit: 8 } },
        // Half a step of room above and below, so the top and bottom stages' points are not cut.
        y: { type: 'linear', min: -0.5, max: STAGES.length - 0.5, afterBuildTicks: (axis) => (axis.ticks = STAGES.map((_, i) => ({ value: i }))), ticks: { callback: (value) => STAGES[Number(value)] ?? '' } },
      },
    },
  };
}
