-- Parameters: $1 timestamp as-of. Removes the recommendations of one as-of before a new set is inserted.
DELETE FROM product_recommendation WHERE as_of = $1::timestamp
