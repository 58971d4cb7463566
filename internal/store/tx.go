package store

import (
	"database/sql"
)

// Tx is a transaction handed to the function given to Transact. Its methods
// are the store's write operations.
type Tx struct {
	tx *sql.Tx
	s  *Store
}
