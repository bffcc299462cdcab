package hugo

import "sort"

// sortLanguages puts the default language first, then the others by weight
// and code.
func sortLanguages[T any](s []T, def string, key func(T) (string, int)) {
	sort.SliceStable(s, func(i, j int) bool {
		ci, wi := key(s[i])
		cj, wj := key(s[j])
		if (ci == def) != (cj == def) {
			return ci == def
		}
		if wi != wj {
			return wi < wj
		}
		return ci < cj
	})
}
