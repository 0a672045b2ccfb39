import { Shown } from '../states';
import { useAnswer } from '../use-answer';
import { Lifecycle } from './lifecycle';
import { customerPath } from './links';
import { Opportunities } from './opportunities';
import { type CustomerProfile, Profile } from './profile';
import { TimeTravel } from './time-travel';
import { Timeline } from './timeline';
import { Value } from './value';

/**
 * One customer, whole: the profile, the lifecycle drawn over time, the value figures, the
 * timeline, the opportunities and the customer as of a chosen time. Each part asks its own
 * endpoint and shows its own loading and failure.
 */
export function CustomerView({ apiKey, customerId }: { apiKey: string; customerId: string }) {
  const profile = useAnswer<CustomerProfile>(customerPath(customerId), apiKey);
  const name = profile.state === 'loaded' ? (profile.value.name ?? customerId) : customerId;
  return (
    <article aria-labelledby="customer-title" data-customer-view={customerId}>
      <p>
        <a href="#/customers">← All customers</a>
      </p>
      <h1 id="customer-title">{name}</h1>
      <Shown loaded={profile}>
        {(found) => (
          <>
            <Profile profile={found} />
            <Lifecycle apiKey={apiKey} customerId={customerId} />
            <Value apiKey={apiKey} customerId={customerId} />
            <Timeline apiKey={apiKey} customerId={customerId} />
            <Opportunities apiKey={apiKey} customerId={customerId} />
            <TimeTravel apiKey={apiKey} customerId={customerId} />
          </>
        )}
      </Shown>
    </article>
  );
}
