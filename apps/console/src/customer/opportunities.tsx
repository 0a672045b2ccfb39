import { formatDateTime, formatMoney } from '../format';
import type { Page } from '../api';
import { Shown } from '../states';
import { useAnswer } from '../use-answer';

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
  const loaded = useAnswer<Page<OpportunityItem>>(`/opportunities?customerId=${encodeURIComponent(customerId)}&limit=100`, apiKey);
  return (
    <section aria-labelledby="opportunities-title">
      <h2 id="opportunities-title">Opportunities</h2>
      <Shown loaded={loaded} empty={(page) => page.items.length === 0}>
        {(page) => (
          <>
            <table aria-label="Opportunities">
              <thead>
                <tr>
                  <th scope="col">Opportunity</th>
                  <th scope="col">Stage</th>
                  <th scope="col">Status</th>
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
                    <td>{opportunity.status === 'lost' && opportunity.lostReason ? `lost (${opportunity.lostReason})` : opportunity.status}</td>
                    <td className="number">{formatMoney(opportunity.expectedValue)}</td>
                    <td className="number">{formatMoney(opportunity.value)}</td>
                    <td>{opportunity.ownerId ?? '—'}</td>
                    <td>{formatDateTime(opportunity.openedAt)}</td>
                    <td>{formatDateTime(opportunity.closedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {page.nextCursor ? <p className="hint">The first 100 are shown.</p> : null}
          </>
        )}
      </Shown>
    </section>
  );
}
