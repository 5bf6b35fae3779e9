// Tables of the CommerceML exchange (issue 3). One statement per string (PGlite runs them one at a time).
// 1C GUIDs of groups, properties, products and offers live in the shared external_refs table
// (system 'commerceml'); these tables hold only the exchange's own state.
export const up: string[] = [
  // One row per checkauth: the cookie 1C sends back on every later call of the exchange.
  `create table cml_sessions (
    id           text primary key,
    type         text not null check (type in ('catalog','sale')),
    -- the CommerceML version 1C named at type=sale&mode=init: then mode=file only stores and
    -- mode=import applies (the "new" order protocol); without it mode=file applies at once
    sale_version text,
    created_at   timestamptz not null default now(),
    last_seen_at timestamptz not null default now()
  )`,
  // One import job per (session, file): 1C repeats mode=import until it stops answering progress,
  // possibly on another web node, so the state is in the database, not in memory.
  `create table cml_jobs (
    session_id  text not null references cml_sessions(id) on delete cascade,
    filename    text not null,
    status      text not null check (status in ('running','success','failure')),
    message     text not null default '',
    report      jsonb not null default '{}',
    started_at  timestamptz not null default now(),
    heartbeat_at timestamptz not null default now(),
    finished_at timestamptz,
    primary key (session_id, filename)
  )`,
  // Price types (ТипыЦен) and warehouses (Склады): package exports define them in import___ and
  // refer to them by Ид from prices___ and rests___, so they outlive the file that defined them.
  `create table cml_price_types (
    id         text primary key,
    name       text not null,
    currency   text not null default 'RUB',
    position   integer not null,
    updated_at timestamptz not null default now()
  )`,
  `create table cml_warehouses (
    id         text primary key,
    name       text not null,
    code       text not null unique,
    updated_at timestamptz not null default now()
  )`,
  // type=sale watermark: query exports orders changed after committed_at and remembers pending_at;
  // only mode=success moves committed_at forward, so an unacknowledged export is sent again.
  `create table cml_sale_state (
    name         text primary key,
    committed_at timestamptz,
    pending_at   timestamptz,
    updated_at   timestamptz not null default now()
  )`,
];
