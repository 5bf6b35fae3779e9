// Public types of the customers (accounts) module.
import type { Role } from '../../platform/db/schema.js';

export interface Customer {
  id: number;
  email: string | null;
  phone: string | null;
  first_name: string;
  last_name: string;
  role: Role;
  status: 'active' | 'disabled';
  newsletter: boolean;
  external_ref: string | null;
  created_at: string;
  updated_at: string;
}

export interface RegisterInput {
  email: string;
  password: string;
  first_name?: string;
  last_name?: string;
  phone?: string | null;
}

export interface ProfilePatch {
  first_name?: string;
  last_name?: string;
  phone?: string | null;
  newsletter?: boolean;
}

export interface Address {
  id: number;
  name: string;
  phone: string | null;
  country: string;
  region: string | null;
  city: string;
  line1: string;
  line2: string | null;
  postcode: string | null;
  is_default: boolean;
}

export type AddressInput = Omit<Address, 'id' | 'country' | 'is_default'> & { country?: string; is_default?: boolean };

export interface CrmCustomerInput {
  external_ref: string;
  email: string | null;
  phone: string | null;
  first_name: string;
  last_name: string;
  occurred_at: Date;
}
