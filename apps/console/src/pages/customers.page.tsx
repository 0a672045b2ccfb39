import { formatDateTime } from '../format';
import { Pager, usePaged } from '../paging';
import { Shown } from '../states';
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
  const paged = usePaged<CustomerItem>('/customers?limit=50', 'cursor', apiKey);
  const { loaded } = paged;
  return (
    <section aria-labelledby="customers-title">
      <h1 id="customers-title">Customers</h1>
      <Shown loaded={loaded} empty={(page) => page.items.length === 0 && paged.first}>
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
            <Pager label="Pages of customers" page={page} paged={paged} />
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
