import { formatDateTime } from '../format';

/** GET /customers/{id}: the profile, with custom fields, owner, funnel stage and activity. */
export interface CustomerProfile {
  customerId: string;
  name?: string;
  company?: string;
  industry?: string;
  region?: string;
  size?: string;
  email?: string;
  phone?: string;
  customFields?: Record<string, unknown>;
  ownerId?: string;
  currency?: string;
  source?: string;
  leadId?: string;
  registeredAt?: string;
  funnelStage?: string;
  activity?: string;
}

const FIELDS: [keyof CustomerProfile, string][] = [
  ['company', 'Company'],
  ['industry', 'Industry'],
  ['region', 'Region'],
  ['size', 'Size'],
  ['ownerId', 'Owner'],
  ['email', 'Email'],
  ['phone', 'Phone'],
  ['source', 'Source'],
  ['leadId', 'From lead'],
  ['currency', 'Currency'],
  ['funnelStage', 'Funnel stage'],
  ['activity', 'Activity'],
];

export function Profile({ profile }: { profile: CustomerProfile }) {
  const custom = Object.entries(profile.customFields ?? {});
  return (
    <section aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <dl className="facts" data-part="profile">
        {FIELDS.filter(([field]) => profile[field] !== undefined && profile[field] !== null && profile[field] !== '').map(([field, label]) => (
          <div key={field} data-field={field}>
            <dt>{label}</dt>
            <dd>{String(profile[field])}</dd>
          </div>
        ))}
        <div data-field="registeredAt">
          <dt>Registered</dt>
          <dd>{formatDateTime(profile.registeredAt)}</dd>
        </div>
        {custom.map(([name, value]) => (
          <div key={`custom-${name}`} data-field={`customFields.${name}`}>
            <dt>{name}</dt>
            <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
