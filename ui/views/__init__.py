"""The workbench's pages, one file each (``st.Page``): 申报材料, 评分表, 智能问答, 政策对比, 政策库, 用户管理."""
