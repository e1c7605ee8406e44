# --version and --help.
fresh
"$H" --version >"$root.out"
ok $? "--version exits 0"
grep -q '^hwpoison [0-9]' "$root.out"
ok $? "--version prints the version"
"$H" --help >"$root.out"
ok $? "--help exits 0"
for c in inject soft-offline unpoison filter stat; do
	grep -q "^  $c " "$root.out"
	ok $? "--help lists $c"
done
