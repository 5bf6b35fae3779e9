// Request and response shapes of the account API.
import { Type } from '@sinclair/typebox';

const Nullable = (t: 'string' | 'integer', description?: string) =>
  Type.Unsafe<string | null>({ type: [t, 'null'], ...(description ? { description } : {}) });

export const Customer = Type.Object({
  id: Type.Integer(),
  email: Nullable('string'),
  phone: Nullable('string', '+7XXXXXXXXXX'),
  first_name: Type.String(),
  last_name: Type.String(),
  role: Type.String({ description: 'customer | seller | moderator | admin' }),
  status: Type.String(),
  newsletter: Type.Boolean(),
  external_ref: Nullable('string', "1C:CRM's id"),
  created_at: Type.String(),
  updated_at: Type.String(),
});

export const CustomerEnvelope = Type.Object({ customer: Customer });

export const RegisterBody = Type.Object({
  email: Type.String({ maxLength: 254 }),
  password: Type.String({ maxLength: 200 }),
  first_name: Type.Optional(Type.String({ maxLength: 100 })),
  last_name: Type.Optional(Type.String({ maxLength: 100 })),
  phone: Type.Optional(Nullable('string', 'Russian number in any usual spelling')),
}, { additionalProperties: false });

export const LoginBody = Type.Object({
  email: Type.String({ maxLength: 254 }),
  password: Type.String({ maxLength: 200 }),
}, { additionalProperties: false });

export const ProfileBody = Type.Object({
  first_name: Type.Optional(Type.String({ maxLength: 100 })),
  last_name: Type.Optional(Type.String({ maxLength: 100 })),
  phone: Type.Optional(Nullable('string')),
  newsletter: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

export const PasswordChangeBody = Type.Object({
  current_password: Type.String({ maxLength: 200 }),
  password: Type.String({ maxLength: 200 }),
}, { additionalProperties: false });

export const ResetRequestBody = Type.Object({ email: Type.String({ maxLength: 254 }) }, { additionalProperties: false });
export const ResetConfirmBody = Type.Object({
  token: Type.String({ minLength: 10, maxLength: 200 }),
  password: Type.String({ maxLength: 200 }),
}, { additionalProperties: false });

export const Address = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  phone: Nullable('string'),
  country: Type.String(),
  region: Nullable('string'),
  city: Type.String(),
  line1: Type.String(),
  line2: Nullable('string'),
  postcode: Nullable('string'),
  is_default: Type.Boolean(),
});

const addressFields = {
  name: Type.String({ maxLength: 200 }),
  phone: Nullable('string'),
  country: Type.String({ minLength: 2, maxLength: 2 }),
  region: Nullable('string'),
  city: Type.String({ minLength: 1, maxLength: 200 }),
  line1: Type.String({ minLength: 1, maxLength: 300 }),
  line2: Nullable('string'),
  postcode: Nullable('string'),
  is_default: Type.Boolean(),
};
export const AddressBody = Type.Object({
  name: Type.Optional(addressFields.name), phone: Type.Optional(addressFields.phone), country: Type.Optional(addressFields.country),
  region: Type.Optional(addressFields.region), city: addressFields.city, line1: addressFields.line1,
  line2: Type.Optional(addressFields.line2), postcode: Type.Optional(addressFields.postcode), is_default: Type.Optional(addressFields.is_default),
}, { additionalProperties: false });
export const AddressPatchBody = Type.Partial(Type.Object(addressFields), { additionalProperties: false });

export const AccountView = Type.Object({ customer: Customer, addresses: Type.Array(Address) });
