# --output-all: every column of a stat table.
fresh
rc=$(run_json stat --summary --output-all)
check "--output-all: every column of the summary" '(.summary[0] | keys_unsorted) == ["flags","raw","pages","size","mib"]'
