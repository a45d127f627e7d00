// The public surface of @discernus/analysis; each module re-exported here.
export {};
