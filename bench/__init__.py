"""Load scenarios and durability drills (`make bench`). Loopback addresses only."""
