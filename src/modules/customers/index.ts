// Public API of the customers (accounts) module: other modules import only this file.
export { createCustomersService, type CustomersService, type CustomersModuleDeps } from './service.js';
export { customersRoutes, signIn, LOGIN_LIMIT, RESET_LIMIT } from './routes.js';
export type { Customer, RegisterInput, ProfilePatch, Address, AddressInput, CrmCustomerInput } from './types.js';
export { normalizeEmail, normalizePhone } from './contacts.js';
export { hashPassword, verifyPassword } from './passwords.js';
