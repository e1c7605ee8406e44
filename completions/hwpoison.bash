# bash completion for hwpoison(8)

# inject's methods, as the hwpoison being completed lists them under --method
# in its --help (from the library's table of methods).
_hwpoison_methods()
{
	"$1" inject --help 2>/dev/null | awk '/--method METHOD/ { on = 1; next }
		on && /^      --/ { exit }
		on && substr($0, 1, 25) ~ /^ +$/ && substr($0, 26, 1) ~ /[a-z]/ { print $1 }'
}

_hwpoison()
{
	local cur prev words cword
	if declare -F _init_completion >/dev/null; then
		_init_completion || return
	else
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	fi

	local global='--json --quiet --verbose --no-mount --no-load --help --version -j -q -v -h -V'
	local commands='inject soft-offline unpoison filter stat events'
	local naming='--pfn --addr --pid --vaddr --guest --gpa --file --offset --select --count --range --random --seed --descendants'
	local table='--output --output-all --noheadings --raw'
	local scoped='--memcg --dev --flags'
	local setup='--no-mount --no-load'
	local flags='locked error referenced uptodate dirty lru active slab writeback reclaim buddy mmap anon swapcache swapbacked compound_head compound_tail huge unevictable hwpoison nopage ksm thp offline zero_page idle pgtable reserved mlocked owner_2 private private_2 owner_private arch uncached softdirty arch_2 arch_3'

	# The command is the first word that is not an option.
	local cmd='' sub='' i
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		-*) ;;
		*)
			if [[ -z $cmd ]]; then
				cmd=${words[i]}
			elif [[ $cmd == filter && -z $sub ]]; then
				sub=${words[i]}
			fi
			;;
		esac
	done

	case $prev in
	--pid)
		COMPREPLY=($(compgen -W "$(command ls /proc 2>/dev/null | grep -E '^[0-9]+$')" -- "$cur"))
		return ;;
	--file | --guest)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--memcg)
		[[ $cmd == filter && $sub == clear ]] || { COMPREPLY=($(compgen -d -- "$cur")); return; } ;;
	--dev)
		[[ $cmd == filter && $sub == clear ]] || { COMPREPLY=($(compgen -f -- "$cur")); return; } ;;
	--method)
		COMPREPLY=($(compgen -W "$(_hwpoison_methods "${words[0]}")" -- "$cur"))
		return ;;
	--flags | --select)
		[[ $cmd == filter && $sub == clear ]] || {
			local prefix=''
			[[ $cur == *,* ]] && prefix=${cur%,*},
			local last=${cur##*,} tilde=''
			[[ $last == '~'* ]] && tilde='~' && last=${last#\~}
			COMPREPLY=($(compgen -W "$flags" -P "$prefix$tilde" -- "$last"))
			compopt -o nospace 2>/dev/null
			return
		} ;;
	--event)
		COMPREPLY=($(compgen -W 'mce:mce_record PERF_COUNT_SW_CPU_CLOCK' -- "$cur"))
		return ;;
	--output | -o)
		# The columns --help lists, after a comma or a leading +.
		local prefix='' cols
		cols=$("${words[0]}" "$cmd" --help 2>/dev/null | sed -n '/^Columns/,/^$/{/^ /p}')
		[[ $cur == *,* ]] && prefix=${cur%,*},
		[[ -z $prefix && $cur == +* ]] && prefix=+
		COMPREPLY=($(compgen -W "$cols" -P "$prefix" -- "${cur#"$prefix"}"))
		compopt -o nospace 2>/dev/null
		return ;;
	--pfn | --addr | --vaddr | --gpa | --offset | --count | --range | --seed | --flags-mask | --flags-value | --timeout)
		return ;;
	esac

	local opts
	case $cmd in
	'')
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$global" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		fi
		return ;;
	inject) opts="$naming $scoped --method --errors --cec-threshold --dry-run --force --filtered-ok $table $setup" ;;
	soft-offline) opts="$naming $scoped --dry-run --force --filtered-ok $table $setup" ;;
	unpoison) opts="--pfn --addr --all --journal --dry-run $table $setup" ;;
	stat) opts="--pfn --addr --summary --journal --guest $table" ;;
	events)
		# After "--" comes a command of its own.
		for ((i = 1; i < cword; i++)); do
			if [[ ${words[i]} == -- ]]; then
				COMPREPLY=($(compgen -c -- "$cur"))
				return
			fi
		done
		opts='--count --timeout --event --no-mount' ;;
	filter)
		if [[ -z $sub && $cur != -* ]]; then
			COMPREPLY=($(compgen -W 'show set clear reset enable disable' -- "$cur"))
			return
		fi
		case $sub in
		set) opts="--memcg --dev --flags --flags-mask --flags-value $setup" ;;
		clear) opts="--memcg --dev --flags $setup" ;;
		*) opts=$setup ;;
		esac ;;
	*) return ;;
	esac
	COMPREPLY=($(compgen -W "$opts --json --quiet --verbose --help" -- "$cur"))
}
complete -F _hwpoison hwpoison
