package story

// stopwords are English function words and the commonest verbs of news
// prose: they say nothing about which event a text reports. The list is
// short on purpose; idf discounts the rest of the common vocabulary.
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{
		"a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
		"are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
		"but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few",
		"for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers",
		"herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its",
		"itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of",
		"off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over",
		"own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their",
		"theirs", "them", "themselves", "then", "there", "these", "they", "this", "those",
		"through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what",
		"when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you",
		"your", "yours", "yourself", "said", "says", "say", "told", "new", "one", "two", "would",
		"may", "might", "must", "shall", "re", "ll", "ve", "don", "didn", "doesn", "isn",
		"wasn", "aren", "won", "can't", "per", "via", "yet", "upon", "amp",
	} {
		m[w] = true
	}
	return m
}()

func isStopword(w []byte) bool { return stopwords[string(w)] }
