// Command rehash-load measures a running `rehash serve` on loopback: N
// concurrent clients adding and checking documents, for each N in
// --clients, each level bounded by --duration and --requests. It reports
// throughput and p50/p99 latency per operation as a Markdown table.
//
//	rehash-load run --addr 127.0.0.1:8080 --token-file keys.txt --corpus reuters.jsonl.gz
//	rehash-load gen -n 1000000 > docs.jsonl   # generated documents, for scale runs
//	rehash-load direct --index DIR --corpus hits.jsonl  # Index.Query in process, no HTTP
//
// direct opens the index itself (stop the server first) and times
// Index.Search from one goroutine, which separates the index's latency from
// the HTTP stack's and the load generator's; -cpuprofile writes a CPU
// profile of it.
//
// It refuses non-loopback addresses: it is a benchmark, not a stress tool
// to point at someone else's service.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rehashdev/rehash/ingest"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: rehash-load run|gen|direct [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "run":
		err = runLoad(os.Args[2:], os.Stdout)
	case "gen":
		err = runGen(os.Args[2:], os.Stdout)
	case "direct":
		err = runDirect(os.Args[2:], os.Stdout)
	default:
		err = fmt.Errorf("unknown command %q (want run, gen or direct)", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "rehash-load:", err)
		os.Exit(1)
	}
}

// gen is a deterministic text generator: news-brief-sized documents of
// words from a 50,000-word vocabulary, so that unrelated documents share
// almost no 5-shingles, as real ones don't.
type gen struct {
	rng   *rand.Rand
	vocab []string
}

func newGen(seed uint64) *gen {
	g := &gen{rng: rand.New(rand.NewPCG(seed, 0x10ad))}
	r := rand.New(rand.NewPCG(1, 2)) // the vocabulary is the same for every seed
	const letters = "etaoinshrdlucmfwypvbgkjqxz"
	for range 50000 {
		n := 2 + r.IntN(9)
		b := make([]byte, n)
		for i := range b {
			b[i] = letters[min(r.IntN(26), r.IntN(26))]
		}
		g.vocab = append(g.vocab, string(b))
	}
	return g
}

func (g *gen) text(minWords, maxWords int) string {
	n := minWords + g.rng.IntN(maxWords-minWords+1)
	var sb strings.Builder
	for i := range n {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(g.vocab[g.rng.IntN(len(g.vocab))])
	}
	return sb.String()
}

func runGen(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	n := fs.Int("n", 1000, "documents")
	seed := fs.Uint64("seed", 1, "generator seed")
	prefix := fs.String("prefix", "g", "id prefix")
	minW := fs.Int("min-words", 50, "fewest words per document")
	maxW := fs.Int("max-words", 150, "most words per document")
	if err := fs.Parse(args); err != nil {
		return err
	}
	g := newGen(*seed)
	w := bufio.NewWriterSize(stdout, 1<<20)
	for i := range *n {
		fmt.Fprintf(w, "{\"id\":\"%s%d\",\"text\":\"%s\"}\n", *prefix, i, g.text(*minW, *maxW))
	}
	return w.Flush()
}

type loadOpts struct {
	addr, token string
	clients     []int
	duration    time.Duration
	requests    int
	addShare    float64
	getShare    float64
	deleteShare float64
	getIDs      int
	getPrefix   string
	corpus      string
	corpusDocs  int
	seed        uint64
	warmup      time.Duration
	reuse       bool
}

func runLoad(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	o := loadOpts{}
	var clients, tokenFile string
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "server address (loopback only)")
	fs.StringVar(&tokenFile, "token-file", "", "keys file; its first key is used (none: no auth header)")
	fs.StringVar(&clients, "clients", "1,8,64", "client counts to measure, in order")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "time per client count (at most 2m)")
	fs.IntVar(&o.requests, "requests", 20000, "requests per client count (at most 1,000,000)")
	fs.Float64Var(&o.addShare, "add-share", 0.2, "share of requests that add a new document; the rest check")
	fs.Float64Var(&o.getShare, "get-share", 0, "share of requests that GET a stored document (ids PREFIX0 to PREFIX(N-1), see --get-ids)")
	fs.Float64Var(&o.deleteShare, "delete-share", 0, "share of requests that DELETE a document this client added earlier (an add when it has none)")
	fs.IntVar(&o.getIDs, "get-ids", 0, "GETs pick ids among the first N generated ids (rehash-load gen's g0..g(N-1))")
	fs.StringVar(&o.getPrefix, "get-prefix", "g", "id prefix of the documents GETs read")
	fs.StringVar(&o.corpus, "corpus", "", "JSONL (or any rehash input) whose texts are checked, so queries hit; default generated texts")
	fs.IntVar(&o.corpusDocs, "corpus-docs", 5000, "texts to take from --corpus")
	fs.Uint64Var(&o.seed, "seed", 1, "generator seed (ids of added documents include it)")
	fs.DurationVar(&o.warmup, "warmup", time.Second, "unmeasured requests before each level")
	fs.BoolVar(&o.reuse, "reuse", false, "checks ask for reuse links too")
	if err := fs.Parse(args); err != nil {
		return err
	}
	host, _, err := net.SplitHostPort(o.addr)
	if ip := net.ParseIP(host); err != nil || (host != "localhost" && (ip == nil || !ip.IsLoopback())) {
		return fmt.Errorf("--addr %s is not a loopback address", o.addr)
	}
	if o.duration <= 0 || o.duration > 2*time.Minute || o.requests <= 0 || o.requests > 1_000_000 {
		return errors.New("--duration must be in (0, 2m] and --requests in (0, 1000000]")
	}
	if o.addShare < 0 || o.getShare < 0 || o.deleteShare < 0 || o.addShare+o.getShare+o.deleteShare > 1 {
		return errors.New("--add-share, --get-share and --delete-share must be shares summing to at most 1")
	}
	if o.getShare > 0 && o.getIDs <= 0 {
		return errors.New("--get-share needs --get-ids")
	}
	for _, s := range strings.Split(clients, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > 1024 {
			return fmt.Errorf("--clients: %q is not in [1, 1024]", s)
		}
		o.clients = append(o.clients, n)
	}
	if tokenFile != "" {
		b, err := os.ReadFile(tokenFile)
		if err != nil {
			return err
		}
		for _, l := range strings.Split(string(b), "\n") {
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
				o.token = l
				break
			}
		}
	}
	texts, err := loadTexts(o)
	if err != nil {
		return err
	}
	mixed := o.getShare > 0 || o.deleteShare > 0
	if mixed {
		fmt.Fprintf(stdout, "| clients | requests | req/s | check p50/p99 | add p50/p99 | get p50/p99 | delete p50/p99 | 503 | other 5xx | other errors |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	} else {
		fmt.Fprintf(stdout, "| clients | requests | req/s | add p50 | add p99 | check p50 | check p99 | errors |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	}
	for _, n := range o.clients {
		if o.warmup > 0 {
			level(o, n, texts, o.warmup, o.requests, "w")
		}
		r := level(o, n, texts, o.duration, o.requests, "m")
		rate := float64(r.n) / r.elapsed.Seconds()
		if mixed {
			pq := func(l []time.Duration) string { return ms(l, 0.50) + " / " + ms(l, 0.99) }
			fmt.Fprintf(stdout, "| %d | %d | %.0f | %s | %s | %s | %s | %d | %d | %d |\n", n, r.n, rate,
				pq(r.check), pq(r.add), pq(r.get), pq(r.del), r.s503, r.s5xx, r.errors-r.s503-r.s5xx)
			continue
		}
		fmt.Fprintf(stdout, "| %d | %d | %.0f | %s | %s | %s | %s | %d |\n", n, r.n, rate,
			ms(r.add, 0.50), ms(r.add, 0.99), ms(r.check, 0.50), ms(r.check, 0.99), r.errors)
	}
	return nil
}

func loadTexts(o loadOpts) ([]string, error) {
	if o.corpus == "" {
		g := newGen(o.seed + 1000)
		t := make([]string, 2000)
		for i := range t {
			t[i] = g.text(50, 150)
		}
		return t, nil
	}
	var texts []string
	stop := errors.New("enough")
	err := ingest.Read(context.Background(), []string{o.corpus}, nil, func(r *ingest.Record) error {
		d, err := r.Document()
		if err == nil && len(d.Text) > 0 {
			texts = append(texts, string(d.Text))
		}
		if len(texts) >= o.corpusDocs {
			return stop
		}
		return nil
	})
	if err != nil && !errors.Is(err, stop) {
		return nil, err
	}
	return texts, nil
}

type result struct {
	n, errors, s503, s5xx int
	elapsed               time.Duration
	add, check, get, del  []time.Duration
}

var runID = strconv.FormatInt(time.Now().UnixNano(), 36)

// level runs n clients until d has passed or max requests were sent.
func level(o loadOpts, n int, texts []string, d time.Duration, max int, tag string) result {
	tr := &http.Transport{MaxIdleConns: 2 * n, MaxIdleConnsPerHost: 2 * n}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	var sent atomic.Int64
	var mu sync.Mutex
	res := result{}
	deadline := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for c := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g := newGen(o.seed*7919 + uint64(c)*104729 + uint64(n))
			rng := rand.New(rand.NewPCG(o.seed, uint64(c)))
			var adds, checks, gets, dels []time.Duration
			var mine []string // ids this client added, for deletes
			errs, s503, s5xx := 0, 0, 0
			for i := 0; time.Now().Before(deadline) && sent.Add(1) <= int64(max); i++ {
				method, path := "POST", ""
				var body []byte
				x := rng.Float64()
				op := "check"
				switch {
				case x < o.addShare:
					op = "add"
				case x < o.addShare+o.getShare:
					op = "get"
				case x < o.addShare+o.getShare+o.deleteShare:
					op = "delete"
					if len(mine) == 0 {
						op = "add"
					}
				}
				switch op {
				case "add":
					id := fmt.Sprintf("load-%s-%s%d-%d-%d", runID, tag, n, c, i)
					body, _ = json.Marshal(map[string]string{"id": id, "text": g.text(50, 150)})
					path = "/v1/documents"
					mine = append(mine, id)
				case "get":
					method, path = "GET", "/v1/documents/"+o.getPrefix+strconv.Itoa(rng.IntN(o.getIDs))
				case "delete":
					k := rng.IntN(len(mine))
					method, path = "DELETE", "/v1/documents/"+mine[k]
					mine[k] = mine[len(mine)-1]
					mine = mine[:len(mine)-1]
				default:
					body, _ = json.Marshal(map[string]any{"text": texts[rng.IntN(len(texts))], "reuse": o.reuse})
					path = "/v1/check"
				}
				var rd io.Reader
				if body != nil {
					rd = bytes.NewReader(body)
				}
				req, _ := http.NewRequest(method, "http://"+o.addr+path, rd)
				if body != nil {
					req.Header.Set("Content-Type", "application/json")
				}
				if o.token != "" {
					req.Header.Set("Authorization", "Bearer "+o.token)
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					switch {
					case resp.StatusCode == 503:
						s503++
						err = errors.New(resp.Status)
					case resp.StatusCode >= 500:
						s5xx++
						err = errors.New(resp.Status)
					case resp.StatusCode != 200:
						err = errors.New(resp.Status)
					}
				}
				lat := time.Since(t0)
				if err != nil {
					errs++
					continue
				}
				switch op {
				case "add":
					adds = append(adds, lat)
				case "get":
					gets = append(gets, lat)
				case "delete":
					dels = append(dels, lat)
				default:
					checks = append(checks, lat)
				}
			}
			mu.Lock()
			res.add = append(res.add, adds...)
			res.check = append(res.check, checks...)
			res.get = append(res.get, gets...)
			res.del = append(res.del, dels...)
			res.errors += errs
			res.s503 += s503
			res.s5xx += s5xx
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	res.n = len(res.add) + len(res.check) + len(res.get) + len(res.del)
	return res
}

func ms(lat []time.Duration, q float64) string {
	if len(lat) == 0 {
		return "-"
	}
	slices.Sort(lat)
	return fmt.Sprintf("%.2f ms", float64(lat[int(q*float64(len(lat)-1))])/1e6)
}
