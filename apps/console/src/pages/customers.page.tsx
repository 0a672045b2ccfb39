import { useState } from 'react';
import type { Page } from '../api';
import { formatDateTime } from '../format';
import { Shown } from '../states';
import { useAnswer } from '../use-answer';
import type { ConsolePage } from './page';

interface CustomerItem {
  customerId: string;
  name?: string;
  company?: string;
  region?: string;
  industry?: string;
  funnelStage: string;
  activity: string;
  lastActivityAt?: string;
}

function Customers({ apiKey }: { apiKey: string }) {
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const loaded = useAnswer<Page<CustomerItem>>(`/customers?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, apiKey);
  return (
    <section aria-labelledby="customers-title">
      <h1 id="customers-title">Customers</h1>
      <Shown loaded={loaded} empty={(page) => page.items.length === 0 && cursors.length === 0}>
        {(page) => (
          <>
            <table>
              <thead>
                <tr>
                  <th scope="col">Customer</th>
                  <th scope="col">Company</th>
                  <th scope="col">Region</th>
                  <th scope="col">Funnel stage</th>
                  <th scope="col">Activity</th>
                  <th scope="col">Last activity</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((customer) => (
                  <tr key={customer.customerId} data-customer={customer.customerId}>
                    <td>{customer.name ?? customer.customerId}</td>
                    <td>{customer.company ?? '—'}</td>
                    <td>{customer.region ?? '—'}</td>
                    <td>{customer.funnelStage}</td>
                    <td>{customer.activity}</td>
                    <td>{formatDateTime(customer.lastActivityAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <nav className="pager" aria-label="Pages of customers">
              <button type="button" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
                Previous page
              </button>
              <button type="button" disabled={!page.nextCursor} onClick={() => page.nextCursor && setCursors([...cursors, page.nextCursor])}>
                Next page
              </button>
            </nav>
          </>
        )}
      </Shown>
    </section>
  );
}

export const customersPage: ConsolePage = {
  id: 'customers',
  title: 'Customers',
  probe: '/customers?limit=1',
  render: (key) => <Customers apiKey={key} />,
};
