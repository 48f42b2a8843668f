package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// target is the promised bound on dedup time over floor time.
const target = 1.5

// report writes the per-run table and the summary, in markdown.
func report(w io.Writer, results []*setResult, o *options) {
	fmt.Fprintf(w, "Workers and GOMAXPROCS per run: %d. Seconds are the wall time of the program's work inside the child (floor.Run, dedup.Run, or the ekzhu reference's main); CPU s is the child's user+system time; MB are 10⁶ decompressed record bytes; RSS is the child's rusage Maxrss.\n\n", o.workers)
	fmt.Fprintln(w, "| set | run | program | seconds | CPU s | MB/s | docs | peak RSS MiB |")
	fmt.Fprintln(w, "|---|---:|---|---:|---:|---:|---:|---:|")
	for _, r := range results {
		for i := range r.floor {
			ms := []measurement{r.floor[i], r.dedup[i]}
			if len(r.ekzhu) > i {
				ms = append(ms, r.ekzhu[i])
			}
			for _, m := range ms {
				fmt.Fprintf(w, "| %s | %d | %s | %.2f | %.2f | %.1f | %d | %.0f |\n",
					r.name, i+1, m.Program, m.Seconds, m.CPU, mbps(m), m.Docs, mib(m.MaxRSS))
			}
		}
	}

	fmt.Fprintln(w)
	fmt.Fprintln(w, "Medians over the runs; the ratios are the medians of the per-run ratios (min–max in brackets).")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| set | MB | docs | floor s | dedup s | dedup/floor wall | dedup/floor CPU | floor CPU s | dedup CPU s | floor MB/s | dedup MB/s | floor RSS MiB | dedup RSS MiB |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range results {
		f, d := r.floor, r.dedup
		wall := ratios(f, d, seconds)
		cpu := ratios(f, d, cpuSeconds)
		fmt.Fprintf(w, "| %s | %.1f | %d | %.2f | %.2f | **%.2f×** (%.2f–%.2f) | **%.2f×** (%.2f–%.2f) | %.2f | %.2f | %.1f | %.1f | %.0f | %.0f |\n",
			r.name, float64(d[0].Bytes)/1e6, d[0].Docs,
			median(f, seconds), median(d, seconds),
			medianOf(wall), slices.Min(wall), slices.Max(wall),
			medianOf(cpu), slices.Min(cpu), slices.Max(cpu),
			median(f, cpuSeconds), median(d, cpuSeconds),
			median(f, mbps), median(d, mbps),
			median(f, rss), median(d, rss))
	}
	if len(results) > 0 && len(results[0].ekzhu) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| set | ekzhu s | ekzhu CPU s | ekzhu/dedup wall | ekzhu/dedup CPU | ekzhu/floor wall | ekzhu RSS MiB | ekzhu candidate pairs |")
		fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|")
		for _, r := range results {
			e, d := r.ekzhu, r.dedup
			wall := ratios(d, e, seconds)
			cpu := ratios(d, e, cpuSeconds)
			fl := ratios(r.floor, e, seconds)
			fmt.Fprintf(w, "| %s | %.2f | %.2f | **%.2f×** (%.2f–%.2f) | **%.2f×** (%.2f–%.2f) | %.2f× | %.0f | %d |\n",
				r.name, median(e, seconds), median(e, cpuSeconds),
				medianOf(wall), slices.Min(wall), slices.Max(wall),
				medianOf(cpu), slices.Min(cpu), slices.Max(cpu),
				medianOf(fl), median(e, rss), e[len(e)-1].Candidates)
		}
	}

	fmt.Fprintln(w)
	for _, r := range results {
		d := r.dedup[len(r.dedup)-1]
		n := float64(d.Docs)
		fl := r.floor[len(r.floor)-1]
		fmt.Fprintf(w, "- %s: dedup found %d clusters, %d duplicates (%d candidate pairs, %d verified); reading and analysis took a median %.0f%% of its time, LSH, verification and clustering the rest. The floor read %d documents, %d words, %d shingles (%.0f a document).\n",
			r.name, d.Clusters, d.Duplicates, d.Candidates, d.Verified,
			100*median(r.dedup, func(m measurement) float64 { return m.ReadSeconds / m.Seconds }),
			fl.Docs, fl.Words, fl.Shingles, float64(fl.Shingles)/n)
		if d.StateBytes > 0 {
			fmt.Fprintf(w, "- %s: per-document state %.0f bytes/doc (dedup.Stats.StateBytes).\n", r.name, float64(d.StateBytes)/n)
		}
		verdict := "within"
		if medianOf(wall(r)) > target || medianOf(ratios(r.floor, r.dedup, cpuSeconds)) > target {
			verdict = "NOT within"
		}
		fmt.Fprintf(w, "- %s: dedup is %s %.1f× the floor in wall and CPU time.\n", r.name, verdict, target)
	}
	fmt.Fprintf(w, "\nInputs: %s.\n", inputs(results))
}

func wall(r *setResult) []float64 {
	return ratios(r.floor, r.dedup, seconds)
}

func inputs(results []*setResult) string {
	var parts []string
	for _, r := range results {
		parts = append(parts, r.name+" = "+strings.Join(r.files, " + "))
	}
	return strings.Join(parts, "; ")
}

func seconds(m measurement) float64    { return m.Seconds }
func cpuSeconds(m measurement) float64 { return m.CPU }
func rss(m measurement) float64        { return mib(m.MaxRSS) }

func mbps(m measurement) float64 {
	if m.Seconds <= 0 {
		return 0
	}
	return float64(m.Bytes) / 1e6 / m.Seconds
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// ratios returns x(d[i])/x(f[i]) of the paired runs.
func ratios(f, d []measurement, x func(measurement) float64) []float64 {
	out := make([]float64, len(f))
	for i := range f {
		out[i] = x(d[i]) / x(f[i])
	}
	return out
}

func median(ms []measurement, x func(measurement) float64) float64 {
	v := make([]float64, len(ms))
	for i, m := range ms {
		v[i] = x(m)
	}
	return medianOf(v)
}

func medianOf(v []float64) float64 {
	s := slices.Sorted(slices.Values(v))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
