import oscar.apps.dashboard.reports.apps as apps


class ReportsDashboardConfig(apps.ReportsDashboardConfig):
    """Oscar's reports, with the report form's dates within bounds (``dashboard.forms``)."""

    name = "dashboard.reports"
