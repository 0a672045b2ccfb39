/** Where a customer's 360° page is in the console. */
export const customerHref = (customerId: string) => `#/customers/${encodeURIComponent(customerId)}`;

/** An API path with a customer's id in it. */
export const customerPath = (customerId: string, rest = '') => `/customers/${encodeURIComponent(customerId)}${rest}`;
