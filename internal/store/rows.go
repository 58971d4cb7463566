package store

import (
	"context"
	"database/sql"
	"fmt"
)

// scanner is a row to scan: *sql.Row or *sql.Rows.
type scanner interface{ Scan(...any) error }

// queryAll runs query on the read pool and scans every row with scan; op
// names the operation in errors.
func queryAll[T any](ctx context.Context, s *Store, op string, scan func(scanner) (T, error), query string,
	args ...any) ([]T, error) {
	return queryAllIn(ctx, s.read, op, scan, query, args...)
}

// rowsQuerier runs a query that returns rows: the read pool, or a
// transaction.
type rowsQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryAllIn is queryAll on q.
func queryAllIn[T any](ctx context.Context, q rowsQuerier, op string, scan func(scanner) (T, error),
	query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	defer rows.Close()
	var list []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		list = append(list, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return list, nil
}
