-- Parameters: $1 int[] campaigns. Response per campaign and group over the window [as-of, as-of + window):
-- members, members with at least one order invoice in it, and the net amount (orders less cancellations)
-- of the members' invoices in it. Adjustments are left out, as in every metric.
SELECT c.campaign_id,
       m.member_group,
       count(*)::int AS customers,
       count(*) FILTER (WHERE r.orders > 0)::int AS converted,
       round(coalesce(sum(r.net_sales), 0), 2)::float8 AS net_sales
FROM campaign AS c
JOIN campaign_member AS m USING (campaign_id)
LEFT JOIN LATERAL (
  SELECT count(*) FILTER (WHERE i.kind = 'order') AS orders, sum(i.amount) AS net_sales
  FROM invoice AS i
  WHERE i.customer_id = m.customer_id
    AND i.kind IN ('order', 'cancellation')
    AND i.invoiced_at >= c.as_of
    AND i.invoiced_at < c.as_of + c.window_days * interval '1 day'
) AS r ON true
WHERE c.campaign_id = ANY ($1::int[])
GROUP BY c.campaign_id, m.member_group
ORDER BY c.campaign_id, m.member_group
