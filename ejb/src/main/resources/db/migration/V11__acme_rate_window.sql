-- An account's order rate: the orders of its current window, an hour from the window's first
-- order. Counting the account's orders of the last hour read every one of them on each new order.
alter table acme_account
    add column rate_window_start  timestamptz,
    add column rate_window_orders integer not null default 0;
