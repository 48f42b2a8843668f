package reuse

import (
	"slices"
	"sync"
)

// sortParallel sorts keys in increasing order on up to workers
// goroutines: a counting pass scatters the keys into buckets by
// bucket(key), which must be monotone (a smaller key never goes to a later
// bucket) and in [0, n), and the buckets are sorted concurrently. The
// result is the same as slices.Sort's. It needs a second array as large as
// keys, and returns the sorted slice (which may be that array).
func sortParallel(keys []uint64, workers, n int, bucket func(uint64) int) []uint64 {
	if workers < 2 || len(keys) < 1<<16 || n < 2 {
		slices.Sort(keys)
		return keys
	}
	start := make([]int, n+1)
	for _, k := range keys {
		start[bucket(k)+1]++
	}
	for i := 1; i <= n; i++ {
		start[i] += start[i-1]
	}
	out := make([]uint64, len(keys))
	pos := slices.Clone(start[:n])
	for _, k := range keys {
		b := bucket(k)
		out[pos[b]] = k
		pos[b]++
	}
	next := make(chan int, n)
	for b := range n {
		next <- b
	}
	close(next)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range next {
				slices.Sort(out[start[b]:start[b+1]])
			}
		}()
	}
	wg.Wait()
	return out
}
