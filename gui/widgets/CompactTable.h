#pragma once

#include <QTableWidget>

#include "SourceViewAbi.h"

namespace aviary::gui {

// A read-only table that is as tall as its rows (up to a limit, then it scrolls), wraps long
// text in one stretching column and never elides, so panes hold no empty grey boxes and no
// "…" hides what the evidence says.
class AVIARY_WORKBENCH_EXPORT CompactTable : public QTableWidget {
  Q_OBJECT
 public:
  CompactTable(const QStringList& columns, int stretchColumn, int maximumVisibleRows = 12,
               QWidget* parent = nullptr);

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  int maximumVisibleRows_;
};

}  // namespace aviary::gui
