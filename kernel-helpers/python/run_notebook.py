"""Executes a notebook with nbclient (Debian's python3-nbclient) for `discernus run` and `discernus reproduce`.

Prints one JSON line per event on stdout ({"event": "start"|"cell"|"error"|"done", ...}) so the
Node side can draw progress, and writes the executed notebook to the output path even when a
cell fails (the outputs up to the failure are what the researcher needs to see).
"""
import json
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def emit(**event):
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def main(argv):
    source, output, kernel, workdir, timeout = argv[1], argv[2], argv[3], argv[4], int(argv[5])
    nb = nbformat.read(source, as_version=4)
    code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    emit(event="start", cells=len(code_cells))

    failed = {}

    def on_cell_error(cell, cell_index, **_):
        failed.setdefault("index", code_cells.index(cell_index) + 1 if cell_index in code_cells else None)
        failed.setdefault("cell", cell)

    def on_cell_complete(cell, cell_index, **_):
        if cell.cell_type == "code":
            emit(event="cell", index=code_cells.index(cell_index) + 1, of=len(code_cells))

    client = NotebookClient(
        nb,
        kernel_name=kernel,
        timeout=timeout,
        resources={"metadata": {"path": workdir}},
        on_cell_complete=on_cell_complete,
        on_cell_error=on_cell_error,
    )
    status = 0
    try:
        client.execute()
    except CellExecutionError as err:
        # tslab reports a thrown error on stderr, with an empty ename/evalue: the stream holds the message.
        cell = failed.get("cell")
        told = []
        for output in (cell or {}).get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                told.append(output.get("text", ""))
            elif output.get("output_type") == "error":
                told.append("%s: %s" % (output.get("ename", ""), output.get("evalue", "")))
        message = "".join(told).strip() or str(err)
        emit(event="error", cell=failed.get("index"), message=message[-4000:])
        status = 1
    finally:
        nbformat.write(nb, output)
    emit(event="done", status=status)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
