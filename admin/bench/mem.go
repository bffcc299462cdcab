package bench

import (
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func numCPU() int { return runtime.GOMAXPROCS(0) }

// timed runs fn and returns how long it took and the highest resident
// memory of the process seen while it ran (sampled every 20 ms). Before it
// starts, it flushes the file system (so that writing back an earlier
// phase's output does not slow this one) and returns freed memory to the
// system (so that an earlier phase's peak does not count).
func timed(fn func() error) (time.Duration, uint64, error) {
	syscall.Sync()
	debug.FreeOSMemory()
	stop := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		var hi uint64
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			hi = max(hi, rss())
			select {
			case <-stop:
				peak <- max(hi, rss())
				return
			case <-t.C:
			}
		}
	}()
	start := time.Now()
	err := fn()
	d := time.Since(start)
	close(stop)
	return d, <-peak, err
}

// rss reads the resident set size of this process from /proc, 0 where
// there is none.
func rss() uint64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseUint(f[1], 10, 64)
	return pages * uint64(os.Getpagesize())
}
