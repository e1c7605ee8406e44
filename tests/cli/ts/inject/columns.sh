# -o chooses the JSON keys too, in its order.
fresh
rc=$(run_json inject --pfn 2 --dry-run -o write,PFN)
check "-o write,PFN: exactly those keys, in that order" '(.pages[0] | keys_unsorted) == ["write","pfn"]'
