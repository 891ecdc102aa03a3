-- Parameters: $1 int[] run ids. Which of them were pruned (their rows are gone for good).
SELECT run_id FROM report_run WHERE run_id = ANY ($1::int[]) AND files_pruned_at IS NOT NULL
