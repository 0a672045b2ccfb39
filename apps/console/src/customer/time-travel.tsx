import { type FormEvent, useState } from 'react';
import { Shown } from '../states';
import { useAnswer } from '../use-answer';
import { customerPath } from './links';
import { shown, words } from './state-values';

/** GET /customers/{id}/state: the customer as its decider folds its stream up to a time or a position. */
interface StateAnswer {
  streamId: string;
  version: number;
  position: string;
  state: Record<string, unknown>;
  asOf: string;
}

/** The customer as it stood at the end of a chosen day (UTC), or at a global position. */
export function TimeTravel({ apiKey, customerId }: { apiKey: string; customerId: string }) {
  const [given, setGiven] = useState('');
  const [asOf, setAsOf] = useState<string | undefined>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAsOf(asOfParam(given));
  };
  return (
    <section aria-labelledby="time-travel-title">
      <h2 id="time-travel-title">As of a past time</h2>
      <form className="filters" onSubmit={submit}>
        <label>
          Date (end of the day, UTC)
          <input type="date" required value={given} onChange={(event) => setGiven(event.target.value)} />
        </label>
        <button type="submit">Show</button>
      </form>
      {asOf ? <StateAsOf apiKey={apiKey} customerId={customerId} asOf={asOf} /> : null}
    </section>
  );
}

/** A day's end as the business time the API reads. */
const asOfParam = (day: string) => `${day}T23:59:59.999Z`;

function StateAsOf({ apiKey, customerId, asOf }: { apiKey: string; customerId: string; asOf: string }) {
  const loaded = useAnswer<StateAnswer>(customerPath(customerId, `/state?asOf=${encodeURIComponent(asOf)}`), apiKey);
  return (
    <Shown loaded={loaded}>
      {(answer) => (
        <>
          <p data-part="state-position">
            Version {answer.version} of {answer.streamId}, at position {answer.position}.
          </p>
          <dl className="facts" data-part="state">
            {Object.entries(answer.state).map(([field, value]) => (
              <div key={field} data-field={field}>
                <dt>{words(field)}</dt>
                <dd>{shown(value)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </Shown>
  );
}
