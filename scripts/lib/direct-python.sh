# Sourced by scripts/test and the benches: puts the python3 interpreter's own directory (where pip
# put aws and moto_server) first on PATH, when the python3 on PATH is something else, such as a
# pyenv shim. A shim is a bash script that runs pyenv (several more bash processes) before the
# interpreter, about 0.09 CPU seconds a start: the tests start some 300 python3, aws and
# moto_server programs, and the benches time `aws` as the peer, which must be the AWS CLI's own
# start and not pyenv's. The same programs run, one hop shorter.
if command -v python3 >/dev/null 2>&1; then
    _ekspipe_pybin=$(python3 -c 'import os, sys; print(os.path.dirname(sys.executable))')
    if [[ -x $_ekspipe_pybin/python3 && $(command -v python3) != "$_ekspipe_pybin/python3" ]]; then
        PATH="$_ekspipe_pybin:$PATH"
        export PATH
    fi
    unset _ekspipe_pybin
fi
