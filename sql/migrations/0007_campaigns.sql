-- Campaigns with hold-outs: one campaign per segment brief and as-of (printing the brief again is the same
-- campaign), and its members with the group each was drawn into. Kept in their own tables, apart from the
-- warehouse the loader rebuilds, so a reload never changes who was held out.
CREATE TABLE campaign (
  campaign_id    serial    PRIMARY KEY,
  segment        text      NOT NULL,
  as_of          timestamp NOT NULL,
  -- the share of members held out and the days the response is measured over, fixed at the first print
  holdout_share  numeric   NOT NULL CHECK (holdout_share >= 0 AND holdout_share < 1),
  window_days    integer   NOT NULL CHECK (window_days >= 1),
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (segment, as_of)
);

CREATE TABLE campaign_member (
  campaign_id  integer NOT NULL REFERENCES campaign (campaign_id) ON DELETE CASCADE,
  customer_id  integer NOT NULL,
  member_group text    NOT NULL CHECK (member_group IN ('target', 'holdout')),
  -- entered the segment in the 28 days before the as-of (the trigger list)
  entered      boolean NOT NULL,
  PRIMARY KEY (campaign_id, customer_id)
);
