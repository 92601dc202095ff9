"""The app's entry point: the pages, named in the reader's language, and nothing else.

`streamlit run app/Home.py` (app/launch.py) runs this file on every rerun; it names the pages in
Korean or English (`?lang=en` in any URL, or the sidebar toggle) and runs the one the URL asks for.
The URLs stay `/`, `/Programs`, `/Sources?doc=…&line=…`, so links written anywhere keep working.
"""

import sys
from pathlib import Path

if (_root := str(Path(__file__).resolve().parents[1])) not in sys.path:
    sys.path.insert(0, _root)  # `streamlit run app/Home.py` puts only app/ on the path

import streamlit as st

from app import format as fmt

PAGES = (
    # file under app/, label key, icon, URL path
    ("pages/0_Overview.py", "overview", "🏙️", "Overview"),
    ("pages/1_Programs.py", "programs", "📋", "Programs"),
    ("pages/2_Departments.py", "departments", "🏢", "Departments"),
    ("pages/3_Audits.py", "audits", "🔎", "Audits"),
    ("pages/4_Sources.py", "sources", "📄", "Sources"),
    ("pages/5_Data_quality.py", "data_quality", "✅", "Data_quality"),
    ("pages/6_Program.py", "program_page", "📌", "Program"),  # /Program?program=<program_id>
)

here = Path(__file__).resolve().parent
page = st.navigation(
    [
        st.Page(here / path, title=fmt.t(key), icon=icon, url_path=url, default=i == 0)
        for i, (path, key, icon, url) in enumerate(PAGES)
        if (here / path).exists()
    ]
)
page.run()
