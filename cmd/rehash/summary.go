package main

import "fmt"

// count says n nouns in English: "1 cluster", "2 clusters".
func count[N int | int64](n N, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
