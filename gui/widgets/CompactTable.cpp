#include "CompactTable.h"

#include <QHeaderView>
#include <QScrollBar>
#include <algorithm>

namespace aviary::gui {

CompactTable::CompactTable(const QStringList& columns, int stretchColumn, int maximumVisibleRows,
                           QWidget* parent)
    : QTableWidget(0, static_cast<int>(columns.size()), parent),
      maximumVisibleRows_(maximumVisibleRows) {
  setHorizontalHeaderLabels(columns);
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  setAlternatingRowColors(true);
  setWordWrap(true);
  setTextElideMode(Qt::ElideNone);
  verticalHeader()->hide();
  verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  horizontalHeader()->setStretchLastSection(false);
  for (int c = 0; c < columnCount(); ++c)
    horizontalHeader()->setSectionResizeMode(
        c, c == stretchColumn ? QHeaderView::Stretch : QHeaderView::ResizeToContents);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);
  setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
  // Re-measure when rows come and go or wrap differently.
  const auto changed = [this] { updateGeometry(); };
  connect(model(), &QAbstractItemModel::rowsInserted, this, changed);
  connect(model(), &QAbstractItemModel::rowsRemoved, this, changed);
  connect(model(), &QAbstractItemModel::modelReset, this, changed);
  connect(verticalHeader(), &QHeaderView::sectionResized, this, changed);
}

QSize CompactTable::sizeHint() const {
  int rows = 0;
  for (int r = 0; r < std::min(rowCount(), maximumVisibleRows_); ++r) rows += rowHeight(r);
  if (rowCount() == 0) rows = verticalHeader()->defaultSectionSize();
  const int height = horizontalHeader()->height() + rows + 2 * frameWidth() +
                     (horizontalScrollBar()->isVisible() ? horizontalScrollBar()->height() : 0) + 2;
  return {QTableWidget::sizeHint().width(), height};
}

QSize CompactTable::minimumSizeHint() const {
  return {QTableWidget::minimumSizeHint().width(),
          std::min(sizeHint().height(),
                   horizontalHeader()->height() + 3 * verticalHeader()->defaultSectionSize())};
}

void CompactTable::resizeEvent(QResizeEvent* event) {
  QTableWidget::resizeEvent(event);
  // The stretching column just changed width: wrapped rows need their new heights.
  verticalHeader()->resizeSections(QHeaderView::ResizeToContents);
  updateGeometry();
}

}  // namespace aviary::gui
