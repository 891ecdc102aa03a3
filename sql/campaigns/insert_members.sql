-- Parameters: $1 int campaign; $2 int[] customers; $3 text[] groups; $4 boolean[] entered.
-- Stores the members drawn at the first print; members already stored keep their group.
INSERT INTO campaign_member (campaign_id, customer_id, member_group, entered)
SELECT $1::int, m.customer_id, m.member_group, m.entered
FROM unnest($2::int[], $3::text[], $4::boolean[]) AS m (customer_id, member_group, entered)
ON CONFLICT (campaign_id, customer_id) DO NOTHING
