import { formatDateTime, formatMoney } from '../format';
import { Pager, usePaged } from '../paging';
import { Shown } from '../states';

interface OpportunityItem {
  opportunityId: string;
  title: string;
  stage: string;
  status: 'open' | 'won' | 'lost';
  expectedValue?: number;
  value?: number;
  ownerId?: string;
  openedAt: string;
  closedAt?: string;
  lostReason?: string;
}

export function Opportunities({ apiKey, customerId }: { apiKey: string; customerId: string }) {
  const paged = usePaged<OpportunityItem>(`/opportunities?customerId=${encodeURIComponent(customerId)}&limit=20`, 'cursor', apiKey);
  return (
    <section aria-labelledby="opportunities-title">
      <h2 id="opportunities-title">Opportunities</h2>
      <Shown loaded={paged.loaded} empty={(page) => page.items.length === 0 && paged.first}>
        {(page) => (
          <>
            <table aria-label="Opportunities">
              <thead>
                <tr>
                  <th scope="col">Opportunity</th>
                  <th scope="col">Stage</th>
                  <th scope="col">Status</th>
                  <th scope="col">Lost because</th>
                  <th scope="col" className="number">Expected value</th>
                  <th scope="col" className="number">Won value</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Opened</th>
                  <th scope="col">Closed</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((opportunity) => (
                  <tr key={opportunity.opportunityId} data-opportunity={opportunity.opportunityId}>
                    <td>{opportunity.title}</td>
                    <td>{opportunity.stage}</td>
                    <td>{opportunity.status}</td>
                    <td className="wrap">{opportunity.lostReason ?? '—'}</td>
                    <td className="number">{formatMoney(opportunity.expectedValue)}</td>
                    <td className="number">{formatMoney(opportunity.value)}</td>
                    <td>{opportunity.ownerId ?? '—'}</td>
                    <td>{formatDateTime(opportunity.openedAt)}</td>
                    <td>{formatDateTime(opportunity.closedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager label="Pages of opportunities" page={page} paged={paged} />
          </>
        )}
      </Shown>
    </section>
  );
}
