-- Parameters: $1 int campaign. Its stored members and their groups.
SELECT customer_id, member_group, entered
FROM campaign_member
WHERE campaign_id = $1::int
ORDER BY customer_id
