import { LeadQualified, RegisterCustomerFromLead } from '@crm/domain';
import { registerCustomerFromLead } from '../commands/customer.command-specs';
import { Reactor } from './reactor';

/** LeadQualified → the customer is registered from the lead's contact and source. */
export const leadToCustomerReactor: Reactor = {
  name: 'lead-to-customer',
  eventTypes: ['LeadQualified'],
  react(event) {
    const data = event.data as LeadQualified['data'];
    const input: RegisterCustomerFromLead['data'] = {
      customerId: data.customerId,
      leadId: data.leadId,
      source: data.source,
      campaign: data.campaign,
      contact: data.contact,
      tags: data.tags,
      registeredAt: data.at,
    };
    return [{ spec: registerCustomerFromLead, input }];
  },
};
