import { CustomerView } from '../customer/customer-view';
import { CustomerList } from '../customer/customer-list';
import type { ConsolePage } from './page';

/** The list (#/customers) and one customer's 360° page (#/customers/<id>). */
export const customersPage: ConsolePage = {
  id: 'customers',
  title: 'Customers',
  probe: '/customers?limit=1',
  render: (key, rest) => (rest ? <CustomerView key={rest} apiKey={key} customerId={rest} /> : <CustomerList apiKey={key} />),
};
